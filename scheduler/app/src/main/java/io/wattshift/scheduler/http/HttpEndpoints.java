package io.wattshift.scheduler.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The scheduler's HTTP surface on one port: {@code /healthz} (the event loop answers), {@code /readyz}
 * (informers synced, or a healthy standby), {@code /metrics} (Prometheus text), plus routes other components
 * mount (the telemetry ingest). Handlers never block: the scrape only reads atomics.
 *
 * <p>With {@link ServerTls} every route, probes and metrics included, is served over TLS on the same port (the
 * probes then need {@code scheme: HTTPS}, the Prometheus scrape {@code scheme: https}); without it, plain HTTP.
 */
public final class HttpEndpoints {
  private HttpEndpoints() {
  }

  /**
   * Starts the server.
   *
   * @param ready  answers {@code /readyz}; called on the event loop, must not block
   * @param mounts extra routes (e.g. telemetry), applied in order
   */
  public static Future<HttpServer> start(Vertx vertx, int port, PrometheusMeterRegistry registry, BooleanSupplier ready,
      List<Consumer<Router>> mounts) {
    return start(vertx, port, Optional.empty(), registry, ready, mounts);
  }

  /**
   * Starts the server, over TLS when {@code tls} is present.
   *
   * @param tls    the key pair to serve TLS with; empty: plain HTTP. Its files are checked every 30 s and a renewed
   *               pair served without a restart ({@link TlsReload})
   * @param ready  answers {@code /readyz}; called on the event loop, must not block
   * @param mounts extra routes (e.g. telemetry), applied in order
   */
  public static Future<HttpServer> start(Vertx vertx, int port, Optional<ServerTls> tls, PrometheusMeterRegistry registry,
      BooleanSupplier ready, List<Consumer<Router>> mounts) {
    return start(vertx, port, tls, registry, ready, mounts, TlsReload.PERIOD);
  }

  /** As above, checking the TLS files for a renewal every {@code reloadPeriod}. */
  static Future<HttpServer> start(Vertx vertx, int port, Optional<ServerTls> tls, PrometheusMeterRegistry registry,
      BooleanSupplier ready, List<Consumer<Router>> mounts, Duration reloadPeriod) {
    Router router = Router.router(vertx);
    router.get("/healthz").handler(ctx -> ctx.response().putHeader("content-type", "text/plain").end("ok\n"));
    router.get("/readyz").handler(ctx -> {
      boolean ok = ready.getAsBoolean();
      ctx.response().setStatusCode(ok ? 200 : 503).putHeader("content-type", "text/plain")
          .end(ok ? "ready\n" : "not ready\n");
    });
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
    mounts.forEach(mount -> mount.accept(router));
    HttpServerOptions options = tls.map(ServerTls::serverOptions).orElseGet(HttpServerOptions::new);
    Optional<String> fingerprint = tls.map(ServerTls::fingerprint); // here: the caller may block, the event loop not
    return vertx.createHttpServer(options).requestHandler(router).listen(port).onSuccess(server -> tls.ifPresent(
        pair -> TlsReload.watch(vertx, server, pair, fingerprint.orElseThrow(), reloadPeriod)));
  }
}
