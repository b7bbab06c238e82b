package io.wattshift.scheduler.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cert-manager renews the scheduler's certificate into its Secret and the kubelet updates the mounted files; the
 * running server must start serving the new pair, or every daemon's handshake fails once the old one expires.
 */
class TlsReloadTest {
  @TempDir
  Path dir;
  private Vertx vertx;
  private SelfSignedCertificate first;
  private SelfSignedCertificate renewed;
  private Path certFile;
  private Path keyFile;
  private int port;

  @BeforeEach
  @SuppressWarnings("deprecation")
  void serveTheFirstPair() throws Exception {
    first = new SelfSignedCertificate("localhost");
    renewed = new SelfSignedCertificate("localhost");
    certFile = dir.resolve("tls.crt");
    keyFile = dir.resolve("tls.key");
    install(first);
    vertx = Vertx.vertx();
    port = HttpEndpoints.start(vertx, 0, ServerTls.fromFlags(certFile, keyFile),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true, List.of(), Duration.ofMillis(100))
        .await(10, TimeUnit.SECONDS).actualPort();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    first.delete();
    renewed.delete();
  }

  private void install(SelfSignedCertificate pair) throws Exception {
    // as the kubelet does: whole files replaced, never written in place
    Files.copy(pair.certificate().toPath(), certFile, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(pair.privateKey().toPath(), keyFile, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Whether a fresh client that trusts only {@code pair}'s certificate completes a request. */
  private boolean serves(SelfSignedCertificate pair) throws Exception {
    try {
      return TrustingClient.trusting(pair.certificate().toPath()).send(HttpRequest.newBuilder(
          URI.create("https://localhost:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode() == 200;
    } catch (java.io.IOException handshakeRefused) {
      return false;
    }
  }

  private boolean within(Duration limit, java.util.concurrent.Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.call()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.call();
  }

  @Test
  void aRenewedCertificateIsServedWithoutARestart() throws Exception {
    assertTrue(serves(first));
    install(renewed);
    assertTrue(within(Duration.ofSeconds(10), () -> serves(renewed)), "the renewed certificate is never served");
    assertTrue(!serves(first), "the old certificate is still served");
  }

  @Test
  void aBrokenReplacementKeepsTheWorkingPair() throws Exception {
    // a key that is not the certificate's (half of an update): keep serving what works
    Files.copy(renewed.privateKey().toPath(), keyFile, StandardCopyOption.REPLACE_EXISTING);
    Thread.sleep(500);
    assertTrue(serves(first), "a broken pair replaced the working one");
    // ... and the rest of the update still lands
    Files.copy(renewed.certificate().toPath(), certFile, StandardCopyOption.REPLACE_EXISTING);
    assertTrue(within(Duration.ofSeconds(10), () -> serves(renewed)), "the completed update is never served");
  }
}
