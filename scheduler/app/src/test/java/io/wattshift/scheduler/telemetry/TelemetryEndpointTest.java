package io.wattshift.scheduler.telemetry;

import io.wattshift.testbed.Await;
import static io.wattshift.scheduler.telemetry.Samples.hello;
import static io.wattshift.scheduler.telemetry.Samples.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;
import io.wattshift.wire.CapRequest;
import io.wattshift.wire.CapResult;
import io.wattshift.wire.GpuSample;
import io.wattshift.wire.SampleBatch;
import io.wattshift.wire.WireCodec;
import io.wattshift.wire.WireMessage;
import io.wattshift.wire.WirePaths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint on a real Vert.x HTTP server with default options, driven by a WebSocket client speaking the wire
 * format the way the daemon does. Token validation is a table here (TokenReviewValidatorTest covers TokenReview).
 */
class TelemetryEndpointTest {
    private Vertx vertx;
    private TelemetryStore store;
    private PrometheusMeterRegistry registry;
    private TelemetryEndpoint endpoint;
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final AtomicInteger tokenChecks = new AtomicInteger();
    private int port;
    private WebSocketClient client; // held: Vert.x closes a client that is garbage collected

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        store = new TelemetryStore(Clock.systemUTC(), Duration.ofSeconds(30));
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TokenValidator tokens = token -> {
            tokenChecks.incrementAndGet();
            return switch (token) {
                case "daemon-token" -> Future.succeededFuture(new DaemonIdentity("system:serviceaccount:ws:daemon", Optional.empty()));
                case "n1-token" -> Future.succeededFuture(new DaemonIdentity("system:serviceaccount:ws:daemon", Optional.of("n1")));
                case "api-down" -> Future.failedFuture(new IllegalStateException("connection refused"));
                default -> Future.failedFuture(new TokenRejectedException("token review: not authenticated"));
            };
        };
        endpoint = new TelemetryEndpoint(vertx, leading::get, tokens, store, new TelemetryMetrics(registry, store, Clock.systemUTC()),
                new TelemetryEndpoint.Settings(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(30)));
        Router router = Router.router(vertx);
        endpoint.mount(router);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
        port = server.actualPort();
        client = vertx.createWebSocketClient();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    private WebSocket connect(String token) throws Exception {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (token != null) {
            headers.add("Authorization", "Bearer " + token);
        }
        return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI(WirePaths.TELEMETRY).setHeaders(headers)).await(5, TimeUnit.SECONDS);
    }

    private static void send(WebSocket ws, WireMessage m) throws Exception {
        ws.writeBinaryMessage(Buffer.buffer(WireCodec.encode(m))).await(5, TimeUnit.SECONDS);
    }

    private static BlockingQueue<Short> closeCodes(WebSocket ws) {
        BlockingQueue<Short> codes = new LinkedBlockingQueue<>();
        ws.closeHandler(v -> codes.add(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode()));
        return codes;
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        Await.until("the condition", java.time.Duration.ofSeconds(5), condition);
    }

    @Test
    void anAuthenticatedDaemonsSamplesReachTheStoreAndTheMetrics() throws Exception {
        WebSocket ws = connect("daemon-token");
        send(ws, hello("n1", 2));
        send(ws, new SampleBatch(0, tick(2, System.currentTimeMillis(), 300_000)));
        await(() -> store.node("n1").map(v -> v.samples() == 2).orElse(false));
        assertEquals(600.001, store.node("n1").orElseThrow().gpuPowerWatts(), 1e-9);
        assertEquals(List.of("n1"), List.copyOf(endpoint.connectedNodes()));
        String metrics = registry.scrape();
        assertTrue(metrics.contains("wattshift_telemetry_samples_total 2.0"), metrics);
        assertTrue(metrics.contains("wattshift_telemetry_age_seconds{node=\"n1\"}"), metrics);
        assertTrue(metrics.contains("wattshift_telemetry_connected_daemons 1.0"), metrics);

        ws.close().await(5, TimeUnit.SECONDS);
        await(() -> !store.node("n1").orElseThrow().connected());
        assertTrue(endpoint.connectedNodes().isEmpty());
    }

    @Test
    void connectionsWithoutAValidTokenAreRefusedBeforeTheUpgrade() {
        for (String token : new String[] {null, "stolen"}) {
            assertEquals(401, assertThrows(UpgradeRejectedException.class, () -> connect(token)).getStatus());
        }
        UpgradeRejectedException unavailable = assertThrows(UpgradeRejectedException.class, () -> connect("api-down"));
        assertEquals(503, unavailable.getStatus());
        assertNull(unavailable.getHeaders().get("Retry-After"), "no Retry-After: a fault, not a standby");
        assertTrue(registry.scrape().contains("wattshift_telemetry_rejected_connections_total{reason=\"unauthenticated\"} 2.0"));
    }

    @Test
    void aStandbyRefusesStreamsWithRetryAfterUntilItLeads() throws Exception {
        assertTrue(registry.scrape().contains("wattshift_telemetry_streams_refused_total{reason=\"not_leader\"} 0.0"));
        leading.set(false);
        for (String token : new String[] {"daemon-token", "stolen"}) {
            UpgradeRejectedException refused = assertThrows(UpgradeRejectedException.class, () -> connect(token));
            assertEquals(503, refused.getStatus());
            assertEquals("1", refused.getHeaders().get("Retry-After"));
            assertEquals("not the leader\n", refused.getBody().toString());
        }
        assertEquals(0, tokenChecks.get(), "a standby refuses before any TokenReview");
        assertTrue(endpoint.connectedNodes().isEmpty());
        String metrics = registry.scrape();
        assertTrue(metrics.contains("wattshift_telemetry_streams_refused_total{reason=\"not_leader\"} 2.0"), metrics);
        assertFalse(metrics.contains("wattshift_telemetry_rejected_connections_total"), "a refusal is not a rejection: " + metrics);

        leading.set(true); // won the lease: the same daemon's next try streams
        WebSocket ws = connect("daemon-token");
        send(ws, hello("n1", 1));
        send(ws, new SampleBatch(0, tick(1, System.currentTimeMillis(), 300_000)));
        await(() -> store.node("n1").map(v -> v.samples() == 1).orElse(false));
        assertEquals(List.of("n1"), List.copyOf(endpoint.connectedNodes()));
        assertEquals(1, tokenChecks.get());
    }

    @Test
    void aTokenBoundToOneNodeCannotSpeakForAnother() throws Exception {
        WebSocket ws = connect("n1-token");
        BlockingQueue<Short> codes = closeCodes(ws);
        send(ws, hello("n2", 1));
        assertEquals((short) 1008, codes.poll(5, TimeUnit.SECONDS));
        assertTrue(store.node("n2").isEmpty());

        WebSocket ok = connect("n1-token");
        send(ok, hello("n1", 1));
        await(() -> store.node("n1").isPresent());
    }

    @Test
    void samplesBeforeHelloAndMalformedFramesCloseTheStream() throws Exception {
        WebSocket early = connect("daemon-token");
        BlockingQueue<Short> earlyCodes = closeCodes(early);
        send(early, new SampleBatch(0, tick(1, 1, 1)));
        assertEquals((short) 1008, earlyCodes.poll(5, TimeUnit.SECONDS));

        WebSocket garbage = connect("daemon-token");
        BlockingQueue<Short> garbageCodes = closeCodes(garbage);
        send(garbage, hello("n1", 1));
        garbage.writeBinaryMessage(Buffer.buffer(new byte[] {1, 2, 3, 4, 5})).await(5, TimeUnit.SECONDS);
        assertEquals((short) 1003, garbageCodes.poll(5, TimeUnit.SECONDS));
        assertTrue(registry.scrape().contains("wattshift_telemetry_bad_frames_total 1.0"));

        WebSocket silent = connect("daemon-token");
        assertEquals((short) 1008, closeCodes(silent).poll(5, TimeUnit.SECONDS), "no hello within the timeout");
    }

    @Test
    void capCommandsGoToTheNodesDaemonAndItsAnswerComesBack() throws Exception {
        WebSocket ws = connect("daemon-token");
        BlockingQueue<CapRequest> requests = new LinkedBlockingQueue<>();
        ws.binaryMessageHandler(b -> {
            CapRequest r = (CapRequest) WireCodec.decode(b.getBytes());
            requests.add(r);
            if (r.gpuIndex() == 0) {
                ws.writeBinaryMessage(Buffer.buffer(WireCodec.encode(
                        new CapResult(r.requestId(), 0, CapResult.Outcome.APPLIED, r.milliwatts(), ""))));
            } // GPU 1: the daemon never answers
        });
        send(ws, hello("n1", 2));
        await(() -> endpoint.connectedNodes().contains("n1"));

        CapResult applied = endpoint.setPowerCap("n1", 0, 450_000).await(5, TimeUnit.SECONDS);
        assertEquals(CapResult.Outcome.APPLIED, applied.outcome());
        assertEquals(450_000, applied.appliedMilliwatts());
        assertEquals(450_000, requests.poll(1, TimeUnit.SECONDS).milliwatts());

        TimeoutException timeout = assertThrows(TimeoutException.class,
                () -> endpoint.setPowerCap("n1", 1, 450_000).await(5, TimeUnit.SECONDS));
        assertTrue(timeout.getMessage().contains("node n1 did not answer cap request"), timeout.getMessage());

        assertThrows(NodeNotConnectedException.class, () -> endpoint.setPowerCap("n9", 0, 450_000).await(5, TimeUnit.SECONDS));
        String metrics = registry.scrape();
        assertTrue(metrics.contains("wattshift_telemetry_cap_requests_total{outcome=\"applied\"} 1.0"), metrics);
        assertTrue(metrics.contains("wattshift_telemetry_cap_requests_total{outcome=\"timeout\"} 1.0"), metrics);
    }

    @Test
    void aNewStreamFromTheSameNodeReplacesTheOld() throws Exception {
        WebSocket first = connect("daemon-token");
        BlockingQueue<Short> firstCodes = closeCodes(first);
        send(first, hello("n1", 1));
        await(() -> endpoint.connectedNodes().contains("n1"));
        WebSocket second = connect("daemon-token");
        send(second, hello("n1", 1));
        assertEquals((short) 1000, firstCodes.poll(5, TimeUnit.SECONDS));
        send(second, new SampleBatch(0, tick(1, System.currentTimeMillis(), 1000)));
        await(() -> store.node("n1").map(v -> v.samples() == 1 && v.connected()).orElse(false));
    }

    @Test
    void aStreamIsClosedNormallyAtItsAgeLimitSoTheDaemonAuthenticatesAgain() throws Exception {
        TelemetryEndpoint shortLived = new TelemetryEndpoint(vertx, () -> true, token -> Future.succeededFuture(
                new DaemonIdentity("system:serviceaccount:ws:daemon", Optional.empty())), store,
                new TelemetryMetrics(registry, store, Clock.systemUTC()),
                new TelemetryEndpoint.Settings(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(300)));
        Router router = Router.router(vertx);
        shortLived.mount(router);
        port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS).actualPort();
        WebSocket ws = connect("any");
        BlockingQueue<Short> codes = closeCodes(ws);
        send(ws, hello("n1", 1));
        assertEquals((short) 1000, codes.poll(5, TimeUnit.SECONDS));
        await(() -> !store.node("n1").orElseThrow().connected());
    }

    @Test
    void theLargestBatchPassesADefaultServerInFragments() throws Exception {
        WebSocket ws = connect("daemon-token");
        send(ws, hello("n1", 8));
        List<GpuSample> samples = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < WireCodec.MAX_SAMPLES_PER_BATCH; i++) {
            samples.add(Samples.sample(i % 8, now - 1000 + i / 8, 300_000, 60));
        }
        send(ws, new SampleBatch(0, samples));
        await(() -> store.node("n1").map(v -> v.samples() == WireCodec.MAX_SAMPLES_PER_BATCH).orElse(false));
        assertNotNull(store.node("n1").orElseThrow().lastSampleAt());
    }
}
