package io.wattshift.daemon.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} (Prometheus text format) and {@code GET /healthz} (200 "ok" while sampling works, 503 with
 * the reason otherwise) on one port. The scrape runs on the event loop: it only formats values already in memory.
 */
public final class DaemonHttpServer {
    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final Supplier<String> unhealthyReason;
    private HttpServer server;

    /**
     * @param unhealthyReason returns null when healthy, else why not (e.g. "no NVML sample for 5 s")
     */
    public DaemonHttpServer(Vertx vertx, PrometheusMeterRegistry registry, Supplier<String> unhealthyReason) {
        this.vertx = vertx;
        this.registry = registry;
        this.unhealthyReason = unhealthyReason;
    }

    /** Listens on {@code port} (0: any free port); completes with the bound port. */
    public Future<Integer> listen(String host, int port) {
        Router router = Router.router(vertx);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
        router.get("/healthz").handler(ctx -> {
            String reason = unhealthyReason.get();
            ctx.response().setStatusCode(reason == null ? 200 : 503).end(reason == null ? "ok\n" : reason + "\n");
        });
        return vertx.createHttpServer().requestHandler(router).listen(port, host).map(s -> {
            server = s;
            return s.actualPort();
        });
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
