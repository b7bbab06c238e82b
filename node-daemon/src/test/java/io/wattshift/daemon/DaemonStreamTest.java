package io.wattshift.daemon;

import io.wattshift.testbed.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.Router;
import io.wattshift.daemon.nvml.Nvml;
import io.wattshift.daemon.stream.StreamConfig;
import io.wattshift.daemon.stream.TelemetryStream;
import io.wattshift.scheduler.telemetry.DaemonIdentity;
import io.wattshift.scheduler.telemetry.TelemetryEndpoint;
import io.wattshift.scheduler.telemetry.TelemetryMetrics;
import io.wattshift.scheduler.telemetry.TelemetryStore;
import io.wattshift.scheduler.telemetry.TokenRejectedException;
import io.wattshift.wire.CapRequest;
import io.wattshift.wire.CapResult;
import io.wattshift.wire.Hello;
import io.wattshift.wire.SampleBatch;
import io.wattshift.wire.WireCodec;
import io.wattshift.wire.WireMessage;
import io.wattshift.wire.WirePaths;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The whole daemon (fake NVML through JNA, Vert.x, real sockets) against a stand-in scheduler endpoint that speaks
 * the wire format: hello, batches, caps both ways, reconnect with the backlog, auth header, /metrics and /healthz.
 */
class DaemonStreamTest {
    private static final String TOKEN = "sa-token-123";

    @TempDir
    Path dir;
    private Vertx vertx;
    private Nvml nvml;
    private FakeNvml fake;
    private final BlockingQueue<WireMessage> received = new LinkedBlockingQueue<>();
    private final AtomicReference<ServerWebSocket> socket = new AtomicReference<>();
    private final AtomicInteger unauthorized = new AtomicInteger();
    private HttpServer server;
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        fake = FakeNvml.withGpus(2);
        nvml = Nvml.open(Optional.of(FakeNvml.path()));
        Files.writeString(dir.resolve("token"), TOKEN + "\n");
        port = startScheduler(0);
    }

    @AfterEach
    void tearDown() throws Exception {
        // a WebSocket closing over the dead relay waits out Vert.x's 10 s closing timeout before close completes
        vertx.close().await(30, TimeUnit.SECONDS);
        nvml.close();
    }

    private int startScheduler(int onPort) throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> {
            if (!req.path().equals(WirePaths.TELEMETRY)) {
                req.response().setStatusCode(404).end();
            } else if (!("Bearer " + TOKEN).equals(req.getHeader("Authorization"))) {
                unauthorized.incrementAndGet();
                req.response().setStatusCode(401).end();
            } else {
                req.toWebSocket().onSuccess(ws -> {
                    socket.set(ws);
                    ws.binaryMessageHandler(b -> received.add(WireCodec.decode(b.getBytes())));
                });
            }
        }).listen(onPort, "127.0.0.1").await(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    private Daemon deploy(Path tokenFile) throws Exception {
        return deploy(tokenFile, port);
    }

    private Daemon deploy(Path tokenFile, int schedulerPort) throws Exception {
        return deploy(tokenFile, schedulerPort, Optional.empty());
    }

    private Daemon deploy(Path tokenFile, int schedulerPort, Optional<KubernetesClient> kube) throws Exception {
        StreamConfig stream = new StreamConfig(URI.create("http://127.0.0.1:" + schedulerPort), tokenFile, Optional.empty(),
                Duration.ofMillis(50), Duration.ofMillis(200), 1000, Duration.ofMillis(200));
        DaemonConfig config = new DaemonConfig("gpu-node-1", Optional.of(stream), Duration.ofMillis(100), "127.0.0.1", 0,
                true, dir.resolve("caps.properties"), kube.isPresent());
        Daemon daemon = new Daemon(nvml, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), kube,
                Clock.systemUTC());
        vertx.deployVerticle(daemon).await(10, TimeUnit.SECONDS);
        return daemon;
    }

    private WireMessage next() throws InterruptedException {
        WireMessage m = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(m, "nothing received from the daemon within 5 s");
        return m;
    }

    private <T extends WireMessage> T next(Class<T> type) throws InterruptedException {
        while (true) {
            WireMessage m = next();
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
    }

    @Test
    void streamsHelloThenBatchesAndAppliesCapsTheSchedulerSends() throws Exception {
        deploy(dir.resolve("token"));
        Hello hello = assertInstanceOf(Hello.class, next());
        assertEquals("gpu-node-1", hello.nodeName());
        assertEquals(2, hello.gpus().size());
        assertEquals(700_000, hello.gpus().get(0).defaultPowerLimitMilliwatts());
        assertTrue(hello.cappingEnabled());

        SampleBatch batch = next(SampleBatch.class);
        assertEquals(0, batch.samples().size() % 2, "whole ticks of both GPUs");
        assertEquals(300_000, batch.samples().get(0).powerMilliwatts());

        socket.get().writeBinaryMessage(Buffer.buffer(WireCodec.encode(new CapRequest(5, 1, 450_000))));
        CapResult applied = next(CapResult.class);
        assertEquals(new CapResult(5, 1, CapResult.Outcome.APPLIED, 450_000, ""), applied);
        assertEquals(450_000, fake.fake_nvml_limit(1));

        socket.get().writeBinaryMessage(Buffer.buffer(WireCodec.encode(new CapRequest(6, 0, 900_000))));
        CapResult rejected = next(CapResult.class);
        assertEquals(CapResult.Outcome.REJECTED, rejected.outcome());
        assertEquals("cap 900 W outside GPU 0 constraints [200 W, 700 W]", rejected.message());

        // the next batches show the new enforced limit
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        boolean seen = false;
        while (!seen && System.nanoTime() < deadline) {
            seen = next(SampleBatch.class).samples().stream()
                    .anyMatch(s -> s.gpuIndex() == 1 && s.powerLimitMilliwatts() == 450_000);
        }
        assertTrue(seen);
    }

    @Test
    void reconnectsAfterTheSchedulerGoesAwayAndDeliversTheBacklog() throws Exception {
        deploy(dir.resolve("token"));
        next(Hello.class);
        next(SampleBatch.class);
        server.close().await(5, TimeUnit.SECONDS);
        socket.get().close();
        Thread.sleep(700); // about 7 ticks are buffered meanwhile
        received.clear();
        startScheduler(port);

        assertInstanceOf(Hello.class, next(), "a new connection starts with a hello");
        SampleBatch backlog = next(SampleBatch.class);
        assertEquals(0, backlog.sequence());
        assertTrue(backlog.samples().size() >= 6, "backlog of several ticks, got " + backlog.samples().size());
    }

    @Test
    void aDeadNetworkPathIsNoticedByTheKeepAliveAndTheStreamReconnects() throws Exception {
        List<AtomicBoolean> dead = new CopyOnWriteArrayList<>();
        NetClient upstream = vertx.createNetClient();
        // a TCP relay whose connections can stop forwarding without closing, like a lost NAT entry or a partition
        int relay = vertx.createNetServer().connectHandler(down -> {
            AtomicBoolean isDead = new AtomicBoolean();
            dead.add(isDead);
            down.pause();
            upstream.connect(port, "127.0.0.1").onSuccess(up -> {
                down.handler(b -> {
                    if (!isDead.get()) {
                        up.write(b);
                    }
                });
                up.handler(b -> {
                    if (!isDead.get()) {
                        down.write(b);
                    }
                });
                down.closeHandler(v -> up.close());
                up.closeHandler(v -> down.close());
                down.resume();
            });
        }).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS).actualPort();

        deploy(dir.resolve("token"), relay);
        next(Hello.class);
        dead.forEach(d -> d.set(true)); // the open stream goes silent both ways; new connections work
        // skips a batch that was past the relay before it went silent (it can land after any clear())
        next(Hello.class); // the daemon dropped the dead stream and said hello on a new one
        assertEquals(2, dead.size());
    }

    @Test
    void anUnreachableApiServerDoesNotHoldBackSampling() throws Exception {
        // the Node patch keeps retrying for tens of seconds; samples and caps must not wait behind it
        try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").withRequestRetryBackoffLimit(10).withRequestRetryBackoffInterval(1000)
                .build()).build()) {
            deploy(dir.resolve("token"), port, Optional.of(unreachable));
            next(Hello.class);
            for (int i = 0; i < 3; i++) {
                next(SampleBatch.class);
            }
            socket.get().writeBinaryMessage(Buffer.buffer(WireCodec.encode(new CapRequest(9, 0, 500_000))));
            assertEquals(CapResult.Outcome.APPLIED, next(CapResult.class).outcome());
        }
    }

    @Test
    void aRejectedTokenIsRetriedWithBackoff() throws Exception {
        Path wrong = dir.resolve("wrong-token");
        Files.writeString(wrong, "nope");
        deploy(wrong);
        Thread.sleep(600);
        assertTrue(unauthorized.get() >= 2, "retried, got " + unauthorized.get());
        assertTrue(received.isEmpty());
        // the token file is re-read on every attempt (projected tokens rotate)
        Files.writeString(wrong, TOKEN);
        assertInstanceOf(Hello.class, next());
    }

    @Test
    void aStandbySchedulersRefusalIsRetriedQuietlyUntilTheLeaderTakesTheStream() throws Exception {
        // the scheduler's real endpoint, as a standby until `leading` flips (as when it wins the Lease)
        AtomicBoolean leading = new AtomicBoolean(false);
        TelemetryStore store = new TelemetryStore(Clock.systemUTC(), Duration.ofSeconds(30));
        PrometheusMeterRegistry schedulerRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TelemetryEndpoint endpoint = new TelemetryEndpoint(vertx, leading::get, token -> TOKEN.equals(token)
                ? Future.succeededFuture(new DaemonIdentity("system:serviceaccount:ws:daemon", Optional.of("gpu-node-1")))
                : Future.failedFuture(new TokenRejectedException("not authenticated")),
                store, new TelemetryMetrics(schedulerRegistry, store, Clock.systemUTC()));
        Router router = Router.router(vertx);
        endpoint.mount(router);
        int scheduler = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS)
                .actualPort();
        List<ILoggingEvent> logs = new CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                logs.add(event);
            }
        };
        appender.start();
        Logger streamLog = (Logger) LoggerFactory.getLogger(TelemetryStream.class);
        streamLog.addAppender(appender);
        try {
            deploy(dir.resolve("token"), scheduler);
            awaitTrue(() -> refusedStreams(schedulerRegistry) >= 3, "the daemon kept retrying the standby");
            assertTrue(endpoint.connectedNodes().isEmpty());

            leading.set(true);
            awaitTrue(() -> store.node("gpu-node-1").map(v -> v.samples() > 0).orElse(false), "samples on the new leader");
            assertEquals(List.of("gpu-node-1"), List.copyOf(endpoint.connectedNodes()));
            List<String> turnedAway = logs.stream().filter(e -> e.getFormattedMessage().contains("turned away"))
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO)).map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(1, turnedAway.size(), "one line for the whole run of refusals: " + turnedAway);
            assertTrue(turnedAway.get(0).contains("503: not the leader"), turnedAway.get(0));
            assertFalse(logs.stream().anyMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)),
                    "a standby's refusal is not a fault: " + logs.stream().map(ILoggingEvent::getFormattedMessage).toList());
        } finally {
            streamLog.detachAppender(appender);
        }
    }

    private static double refusedStreams(PrometheusMeterRegistry registry) {
        return registry.get("wattshift.telemetry.streams.refused").tag("reason", "not_leader").counter().count();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        Await.until(what, java.time.Duration.ofSeconds(5), condition);
    }

    @Test
    void servesMetricsAndHealth() throws Exception {
        Daemon daemon = deploy(dir.resolve("token"));
        next(SampleBatch.class);
        HttpClient http = vertx.createHttpClient();
        String metrics = http.request(HttpMethod.GET, daemon.httpPort(), "127.0.0.1", "/metrics")
                .compose(r -> r.send().compose(resp -> resp.body())).await(5, TimeUnit.SECONDS).toString();
        assertTrue(metrics.contains("wattshift_gpu_power_watts{gpu=\"1\""), metrics);
        assertTrue(metrics.contains("wattshift_daemon_stream_connected 1.0"), metrics);
        int health = http.request(HttpMethod.GET, daemon.httpPort(), "127.0.0.1", "/healthz")
                .compose(r -> r.send()).await(5, TimeUnit.SECONDS).statusCode();
        assertEquals(200, health);
    }
}
