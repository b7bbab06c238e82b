package io.wattshift.scheduler.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tls-cert-file} / {@code --tls-key-file}: both or neither, clear errors for files that are not what they
 * should be, and a valid pair serves every route over TLS on one port. (The daemon's stream over TLS, with a CA and
 * host-name checks, is tested end to end in the node daemon's {@code TlsStreamTest}.)
 */
class ServerTlsTest {
  @TempDir
  Path dir;

  private String refusal(Path cert, Path key) {
    return assertThrows(IllegalArgumentException.class, () -> ServerTls.fromFlags(cert, key)).getMessage();
  }

  @Test
  void neitherFlagMeansPlainHttpAndOneAloneIsAnError() throws Exception {
    assertEquals(Optional.empty(), ServerTls.fromFlags(null, null));
    Path file = Files.writeString(dir.resolve("tls.crt"), "x");
    assertEquals("--tls-cert-file and --tls-key-file go together (PEM, as the tls.crt and tls.key of a"
        + " kubernetes.io/tls Secret); only --tls-cert-file was given", refusal(file, null));
    assertTrue(refusal(null, file).endsWith("only --tls-key-file was given"));
  }

  @Test
  void unreadableOrNonPemFilesAreRefusedWithTheFlagAndFileNamed() throws Exception {
    @SuppressWarnings("deprecation")
    SelfSignedCertificate good = new SelfSignedCertificate("localhost");
    Path cert = good.certificate().toPath();
    Path key = good.privateKey().toPath();
    Path missing = dir.resolve("absent.crt");
    assertTrue(refusal(missing, key).startsWith("--tls-cert-file " + missing + " cannot be read"), refusal(missing, key));
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello\n");
    assertTrue(refusal(garbage, key).startsWith("--tls-cert-file " + garbage + " holds no PEM certificate"));
    assertTrue(refusal(cert, garbage).startsWith("--tls-key-file " + garbage + " holds no PEM private key"));
    assertTrue(refusal(cert, cert).startsWith("--tls-key-file " + cert + " holds no PEM private key"),
        "the certificate given twice");
    Path encrypted = Files.writeString(dir.resolve("enc.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
        + "-----END ENCRYPTED PRIVATE KEY-----\n");
    assertTrue(refusal(cert, encrypted).contains("is encrypted"));
    Path broken = Files.writeString(dir.resolve("broken.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    assertTrue(refusal(broken, key).startsWith("--tls-cert-file " + broken + " is not a readable PEM certificate"));
    assertEquals(Optional.of(new ServerTls(cert, key)), ServerTls.fromFlags(cert, key));
    good.delete();
  }

  @Test
  void aValidPairServesProbesAndMetricsOverTlsOnOnePort() throws Exception {
    @SuppressWarnings("deprecation")
    SelfSignedCertificate self = new SelfSignedCertificate("localhost");
    Vertx vertx = Vertx.vertx();
    try {
      int port = HttpEndpoints.start(vertx, 0, ServerTls.fromFlags(self.certificate().toPath(), self.privateKey().toPath()),
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true, List.of())
          .await(10, TimeUnit.SECONDS).actualPort();
      HttpClient https = TrustingClient.trusting(self.certificate().toPath());
      for (String path : List.of("/healthz", "/readyz", "/metrics")) {
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path);
      }
      assertThrows(java.io.IOException.class, () -> HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString()), "no clear text on the TLS port");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      self.delete();
    }
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedBeforeTheServerStarts() throws Exception {
    // the TLS stack itself would listen with it and fail every handshake
    @SuppressWarnings("deprecation")
    SelfSignedCertificate one = new SelfSignedCertificate("localhost");
    @SuppressWarnings("deprecation")
    SelfSignedCertificate other = new SelfSignedCertificate("localhost");
    try {
      Path cert = one.certificate().toPath();
      Path key = other.privateKey().toPath();
      assertEquals("--tls-key-file " + key + " is not the private key of the certificate in --tls-cert-file " + cert
          + " (CN=localhost)", refusal(cert, key));
    } finally {
      one.delete();
      other.delete();
    }
  }
}
