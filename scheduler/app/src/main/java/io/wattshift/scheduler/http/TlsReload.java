package io.wattshift.scheduler.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a renewed certificate without a restart. cert-manager renews the scheduler's certificate into its Secret
 * and the kubelet replaces the mounted files; a server that read them only at start would present the old
 * certificate until it expires, and then every node daemon's handshake would fail.
 *
 * <p>Every period, on a worker thread (file reads block), the files are compared with the pair being served; a
 * changed pair that passes {@link ServerTls#check()} replaces it for new connections (open streams keep theirs). A
 * pair that does not (half of an update, a key of another certificate) is logged once and the working pair kept.
 */
final class TlsReload {
  static final Duration PERIOD = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(TlsReload.class);

  private TlsReload() {
  }

  /**
   * Starts watching {@code tls}'s files for {@code server}; stops with the Vert.x instance.
   *
   * @param servedFingerprint {@link ServerTls#fingerprint()} of the files the server was started with (read before
   *                          it listened, off the event loop)
   */
  static void watch(Vertx vertx, HttpServer server, ServerTls tls, String servedFingerprint, Duration period) {
    AtomicReference<String> served = new AtomicReference<>(servedFingerprint);
    AtomicReference<String> refused = new AtomicReference<>();
    vertx.setPeriodic(period.toMillis(), id -> vertx.<Optional<String>>executeBlocking(() -> {
      String seen = tls.fingerprint();
      if (seen.equals(served.get()) || seen.equals(refused.get())) {
        return Optional.empty();
      }
      try {
        tls.check();
      } catch (IllegalArgumentException e) {
        refused.set(seen);
        LOG.warn("TLS files changed but cannot be served, keeping the current certificate: {}", e.getMessage());
        return Optional.empty();
      }
      return Optional.of(seen);
    }, false).compose(changed -> changed.isEmpty() ? Future.succeededFuture()
        : server.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(keyCert(tls)), true).onSuccess(updated -> {
          served.set(changed.get());
          X509Certificate cert = tls.leafCertificate();
          LOG.info("TLS certificate reloaded from {}: {}, valid until {}", tls.certFile(),
              cert.getSubjectX500Principal().getName(), cert.getNotAfter().toInstant());
        }).mapEmpty()).onFailure(e -> LOG.warn("TLS certificate reload from {} failed: {}", tls.certFile(), e.toString())));
  }

  static PemKeyCertOptions keyCert(ServerTls tls) {
    return new PemKeyCertOptions().setCertPath(tls.certFile().toString()).setKeyPath(tls.keyFile().toString());
  }
}
