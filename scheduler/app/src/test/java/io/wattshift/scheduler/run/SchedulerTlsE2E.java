package io.wattshift.scheduler.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.wattshift.scheduler.http.TrustingClient;
import io.wattshift.testbed.ControlPlane;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar's {@code scheduler run --tls-cert-file --tls-key-file} against a real API server: probes and metrics
 * answer over HTTPS on {@code --http-port}, nothing in clear text; one flag alone stops it with a usage error.
 */
@Tag("e2e")
class SchedulerTlsE2E {
  @RegisterExtension
  static final ControlPlane cluster = ControlPlane.builder().noCrds().withoutControllerManager().build();

  @TempDir
  Path dir;

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesProbesAndMetricsOverHttpsOnly() throws Exception {
    @SuppressWarnings("deprecation")
    SelfSignedCertificate self = new SelfSignedCertificate("localhost");
    try (SchedulerProcess scheduler = new SchedulerProcess("tls-1", cluster.running().kubeconfig(), dir,
        List.of("--tls-cert-file", self.certificate().toString(), "--tls-key-file", self.privateKey().toString()))) {
      int port = scheduler.httpPort();
      HttpClient https = TrustingClient.trusting(self.certificate().toPath());
      assertEquals("ok\n", get(https, "https://localhost:" + port + "/healthz").body());
      // without the CRDs the leader's informers do not sync: not ready, but answered over TLS all the same
      assertTrue(List.of("ready\n", "not ready\n").contains(get(https, "https://localhost:" + port + "/readyz").body()));
      assertTrue(get(https, "https://localhost:" + port + "/metrics").body().contains("wattshift_"));
      assertThrows(IOException.class, () -> get(HttpClient.newHttpClient(), "http://localhost:" + port + "/healthz"));
      String log = Files.readString(scheduler.log);
      assertTrue(log.contains("TLS certificate CN=localhost"), log);
      assertTrue(log.contains("on port " + port + " (TLS, "), log);
    } finally {
      self.delete();
    }
  }

  @Test
  void oneTlsFlagAloneIsAUsageError() throws Exception {
    @SuppressWarnings("deprecation")
    SelfSignedCertificate self = new SelfSignedCertificate("localhost");
    try (SchedulerProcess scheduler = new SchedulerProcess("tls-2", cluster.running().kubeconfig(), dir,
        List.of("--tls-cert-file", self.certificate().toString()))) {
      assertEquals(2, scheduler.exitStatus(Duration.ofSeconds(60)));
      assertTrue(Files.readString(scheduler.log).contains("--tls-cert-file and --tls-key-file go together"),
          Files.readString(scheduler.log));
    } finally {
      self.delete();
    }
  }
}
