package io.wattshift.daemon.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;
import io.wattshift.scheduler.telemetry.DaemonIdentity;
import io.wattshift.scheduler.telemetry.NodeTelemetryView;
import io.wattshift.scheduler.telemetry.TelemetryEndpoint;
import io.wattshift.scheduler.telemetry.TelemetryMetrics;
import io.wattshift.scheduler.telemetry.TelemetrySink;
import io.wattshift.scheduler.telemetry.TelemetryStore;
import io.wattshift.wire.GpuInventory;
import io.wattshift.wire.GpuSample;
import io.wattshift.wire.Hello;
import io.wattshift.wire.SampleBatch;
import io.wattshift.wire.WireCodec;
import io.wattshift.wire.WirePaths;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bench command (scripts/bench-ingest.sh): the scheduler's telemetry endpoint on ONE event loop, fed over real
 * WebSockets by many simulated daemons sending 8-GPU batches as fast as the socket takes them. Prints GPU samples
 * ingested per second of wall time and per second of CPU time of the endpoint's event loop thread (the "one core"
 * figure, independent of what else the machine runs). Includes WebSocket framing, decode, store and metrics.
 */
public final class EndpointIngestBench {
    private EndpointIngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int daemons = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Vertx server = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        // the simulated daemons pump flat out: their loop is meant to be busy, so no blocked-thread warnings
        Vertx clients = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setBlockedThreadCheckInterval(TimeUnit.HOURS.toMillis(1)));
        TelemetryStore store = new TelemetryStore(Clock.systemUTC(), Duration.ofSeconds(30));
        AtomicLong loopThread = new AtomicLong(-1);
        AtomicLong ingested = new AtomicLong();
        TelemetrySink sink = new TelemetrySink() {
            @Override
            public void connected(Hello hello) {
                loopThread.set(Thread.currentThread().getId());
                store.connected(hello);
            }

            @Override
            public void samples(String node, SampleBatch batch) {
                store.samples(node, batch);
                ingested.addAndGet(batch.samples().size());
            }

            @Override
            public void disconnected(String node) {
                store.disconnected(node);
            }
        };
        TelemetryEndpoint endpoint = new TelemetryEndpoint(server, () -> true, token -> Future.succeededFuture(
                new DaemonIdentity("bench", Optional.empty())), sink, new TelemetryMetrics(new SimpleMeterRegistry(), store, Clock.systemUTC()));
        Router router = Router.router(server);
        endpoint.mount(router);
        int port = server.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();

        try {
            run(clients, port, daemons, seconds, warmup, store, loopThread, ingested);
        } finally {
            System.exit(0); // the pumps never stop on their own; nothing to clean up in a bench process
        }
    }

    private static void run(Vertx clients, int port, int daemons, int seconds, int warmup, TelemetryStore store,
                            AtomicLong loopThread, AtomicLong ingested) throws Exception {
        WebSocketClient client = clients.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(daemons + 1));
        List<WebSocket> sockets = new ArrayList<>();
        for (int d = 0; d < daemons; d++) {
            WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                    .setURI(WirePaths.TELEMETRY).addHeader("Authorization", "Bearer x")).await(30, TimeUnit.SECONDS);
            ws.writeBinaryMessage(Buffer.buffer(WireCodec.encode(hello("bench-node-" + d))));
            sockets.add(ws);
        }
        // every daemon connected first; then all pump at once, each from the client event loop
        for (int d = 0; d < daemons; d++) {
            WebSocket ws = sockets.get(d);
            Buffer frame = Buffer.buffer(WireCodec.encode(batch(d)));
            clients.runOnContext(v -> pump(ws, frame));
        }
        Thread.sleep(warmup * 1000L);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getThreadCpuTime(loopThread.get());
        long n0 = ingested.get();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long cpu1 = threads.getThreadCpuTime(loopThread.get());
        long n1 = ingested.get();
        long t1 = System.nanoTime();
        double wall = (t1 - t0) / 1e9;
        double cpu = (cpu1 - cpu0) / 1e9;
        long nodes = store.nodes().stream().filter(NodeTelemetryView::connected).count();
        System.out.printf("telemetry endpoint on one event loop, %d daemons streaming 8-GPU batches over WebSockets, %.0f s%n",
                nodes, wall);
        System.out.printf("  %,.0f GPU samples/s wall; endpoint thread busy %.0f%% -> %,.0f GPU samples per CPU-second (target 100,000)%n",
                (n1 - n0) / wall, 100 * cpu / wall, (n1 - n0) / cpu);
    }

    /** Keeps the socket's write queue full: a daemon backlog draining as fast as the scheduler takes it. */
    private static void pump(WebSocket ws, Buffer frame) {
        while (!ws.writeQueueFull()) {
            ws.writeBinaryMessage(frame);
        }
        ws.drainHandler(v -> pump(ws, frame));
    }

    private static Hello hello(String node) {
        List<GpuInventory> gpus = new ArrayList<>();
        for (int g = 0; g < 8; g++) {
            gpus.add(new GpuInventory(g, node + "-" + g, "NVIDIA H100 80GB HBM3", "bus", 200_000, 700_000, 700_000, 87, 92, 80L << 30));
        }
        return new Hello(node, "bench", "570.86.15", true, gpus);
    }

    private static SampleBatch batch(int d) {
        List<GpuSample> tick = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int g = 0; g < 8; g++) {
            tick.add(new GpuSample(g, now, false, 300_000 + d + g, 1_000_000_000L, 60 + g, 90, 40, 20L << 30, 80L << 30, 700_000, 0x4));
        }
        return new SampleBatch(d, tick);
    }
}
