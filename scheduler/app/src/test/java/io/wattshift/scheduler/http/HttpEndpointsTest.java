package io.wattshift.scheduler.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.wattshift.scheduler.loop.PendingReason;
import io.wattshift.scheduler.loop.SchedulerMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpEndpointsTest {
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthReadinessAndPrometheusMetricsWithUnitsInTheirNames() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SchedulerMetrics metrics = new SchedulerMetrics(registry);
    metrics.pending(Map.of(PendingReason.InsufficientPower, 2));
    metrics.scheduled(Duration.ofMillis(40));
    metrics.bound(true);
    metrics.hall("hall-a", 12.5, 30, 95);
    AtomicBoolean ready = new AtomicBoolean(false);
    HttpServer server = HttpEndpoints.start(vertx, 0, registry, ready::get,
        List.of(router -> router.get("/extra").handler(ctx -> ctx.response().end("mounted"))))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    int port = server.actualPort();

    assertEquals(200, get(port, "/healthz").statusCode());
    assertEquals(503, get(port, "/readyz").statusCode());
    ready.set(true);
    assertEquals(200, get(port, "/readyz").statusCode());
    assertEquals("mounted", get(port, "/extra").body());

    String body = get(port, "/metrics").body();
    assertTrue(body.contains("wattshift_pending_jobs{reason=\"InsufficientPower\"} 2.0"), body);
    assertTrue(body.contains("wattshift_pending_jobs{reason=\"Queued\"} 0.0"), body);
    assertTrue(body.contains("wattshift_scheduling_latency_seconds_bucket"), body);
    assertTrue(body.contains("wattshift_binds_total{result=\"ok\"} 1.0"), body);
    assertTrue(body.contains("wattshift_hall_committed_kilowatts{hall=\"hall-a\"} 12.5"), body);
    assertTrue(body.contains("wattshift_hall_mining_kilowatts{hall=\"hall-a\"} 30.0"), body);
  }
}
