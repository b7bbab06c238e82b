package io.wattshift.miners.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wattshift.miners.CurtailAction;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerFleetAdapter;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.MinerSpec;
import io.wattshift.miners.MinerStatus;
import io.wattshift.miners.fleet.CurtailmentReport;
import io.wattshift.miners.fleet.FleetPolicy;
import io.wattshift.miners.fleet.HallFleet;
import io.wattshift.miners.luxos.FleetClientConfig;
import io.wattshift.miners.luxos.LuxosFleetAdapter;
import io.wattshift.miners.sim.FleetSimulator;
import io.wattshift.miners.sim.MinerModel;
import io.wattshift.miners.sim.SimConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark: a hall of N simulated miners (default 10,000, one loopback port each) all mining; the decision to
 * shed the whole fleet (a grid event) is taken, and we time, from just before {@link HallFleet#curtailTo}:
 * <ul>
 *   <li>handed off: selection done and every sleep command handed to the adapter, which queues it for its I/O
 *       threads (wall time, and CPU time of the deciding thread: the machine is shared, the CPU time is not);</li>
 *   <li>written: every sleep request fully written to its socket (connect included: one request per connection);</li>
 *   <li>received: every simulated miner has read its sleep command (polled every 1 ms; in-process simulator only);</li>
 *   <li>acked: every miner's reply to its sleep command arrived;</li>
 *   <li>confirmed: every miner reported its idle draw (ramp-down 0 here, so this is the protocol round trips).</li>
 * </ul>
 * Args: {@code N rounds maxInFlight ioThreads [ext [basePort]]}; {@code ext} runs the simulator in its own JVM
 * ({@code FleetSimulatorMain} on 127.0.0.2, ports basePort.., default 20000) so that it does not share this JVM's heap and GC.
 * Run: {@code mvn -B -q -o -pl scheduler/miners test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.wattshift.miners.bench.CurtailmentBench -Dexec.args="10000 5 512 1"}.
 */
public final class CurtailmentBench {

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    /** CPU of this whole JVM: with {@code ext} that is the client alone (decision, Netty, kernel time of its sockets). */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        int ioThreads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        boolean external = args.length > 4 && args[4].equals("ext");
        int basePort = args.length > 5 ? Integer.parseInt(args[5]) : 20_000;
        long t0 = System.nanoTime();
        FleetSimulator sim = null;
        Process ext = null;
        List<MinerSpec> specs;
        if (external) {
            ext = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath(), "io.wattshift.miners.sim.FleetSimulatorMain",
                    "--miners", String.valueOf(n), "--host", "127.0.0.2", "--base-port", String.valueOf(basePort), "--watts", "3250",
                    "--jth", "17.5", "--ramp-down-ms", "0", "--ramp-up-ms", "0")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            specs = new ArrayList<>();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(ext.getInputStream()));
            while (specs.size() < n) {
                String line = in.readLine();
                if (line == null) throw new IllegalStateException("the simulator exited");
                String[] f = line.split(" ");
                String[] hp = f[1].split(":");
                specs.add(new MinerSpec(f[0], hp[0], Integer.parseInt(hp[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])));
            }
        } else {
            sim = FleetSimulator.start(new SimConfig("127.0.0.1", 0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10),
                    MinerCredentials.NONE, ioThreads, Clock.systemUTC()), List.of(new MinerModel("asic", n, 3250, 17.5, true)));
            specs = sim.specs();
        }
        System.out.printf("simulator (%s): %d miners bound in %d ms; client: %d in flight, %d I/O thread(s)%n",
                external ? "own JVM" : "this JVM", n, ms(System.nanoTime() - t0), inFlight, ioThreads);
        var config = new FleetClientConfig(Duration.ofSeconds(2), Duration.ofSeconds(5), 64 * 1024, inFlight, 2,
                Duration.ofMillis(50), ioThreads);
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        try (var luxos = new LuxosFleetAdapter("bench", config, MinerCredentials.NONE, Clock.systemUTC())) {
            AtomicInteger sleepsWritten = new AtomicInteger();
            AtomicLong lastWrite = new AtomicLong();
            AtomicLong processCpuAtWritten = new AtomicLong();
            CountingAdapter adapter = new CountingAdapter(luxos);
            var policy = FleetPolicy.defaults().withConfirmTimeout(Duration.ofSeconds(30)).withMinOffTime(Duration.ZERO);
            HallFleet fleet = new HallFleet("bench", specs, adapter, policy, Clock.systemUTC(), scheduler,
                    new MinerMetrics(new SimpleMeterRegistry()));
            fleet.refresh().get(60, TimeUnit.SECONDS);
            System.out.printf("%-6s %12s %10s %12s %14s %12s %12s %12s%n", "round", "handoff ms", "(cpu ms)", "written ms",
                    "cpu/command", "received ms", "acked ms", "confirmed ms");
            for (int r = 1; r <= rounds; r++) {
                fleet.matchTarget(Double.MAX_VALUE).get(120, TimeUnit.SECONDS); // all awake, sessions warm
                long before = sim == null ? 0 : sim.commandsReceived();
                adapter.reset();
                sleepsWritten.set(0);
                lastWrite.set(0);
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                long processCpu0 = PROCESS.getProcessCpuTime();
                luxos.onRequestWritten(json -> {
                    if (json.contains("\"curtail\"") && json.contains("sleep")) {
                        lastWrite.accumulateAndGet(System.nanoTime(), Math::max);
                        if (sleepsWritten.incrementAndGet() == n) processCpuAtWritten.set(PROCESS.getProcessCpuTime());
                    }
                });
                long start = System.nanoTime();
                CompletableFuture<CurtailmentReport> f = fleet.curtailTo(0);
                long handoff = System.nanoTime() - start;
                long handoffCpu = THREADS.getCurrentThreadCpuTime() - cpu0;
                String received = "-";
                if (sim != null) {
                    while (sim.commandsReceived() < before + n) Thread.sleep(1);
                    received = String.valueOf(ms(System.nanoTime() - start));
                }
                CurtailmentReport report = f.get(120, TimeUnit.SECONDS);
                long confirmed = System.nanoTime() - start;
                boolean allWritten = sleepsWritten.get() >= n;
                System.out.printf("%-6d %12.1f %10.1f %12s %14s %12s %12d %12d   (%d commanded, %d confirmed)%n", r,
                        handoff / 1e6, handoffCpu / 1e6,
                        allWritten ? String.valueOf(ms(lastWrite.get() - start)) : "(" + sleepsWritten.get() + ")",
                        allWritten ? String.format("%.1f us", (processCpuAtWritten.get() - processCpu0) / 1e3 / n) : "-",
                        received, ms(adapter.lastAckNanos.get() - start), ms(confirmed),
                        report.commanded().size(), report.confirmed().size());
            }
            connectFloor(specs);
        } finally {
            scheduler.shutdownNow();
            if (sim != null) sim.close();
            if (ext != null) {
                ext.destroy();
                ext.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The machine's floor for one-connection-per-command: one thread issuing N non-blocking {@code connect()}s to the
     * miners' ports, nothing else (no Netty, no protocol, no reply awaited). No client can send N commands faster
     * than this on this machine; on loopback the kernel does both ends of each handshake inside the call.
     */
    private static void connectFloor(List<MinerSpec> specs) throws Exception {
        for (int round = 1; round <= 2; round++) {
            List<java.nio.channels.SocketChannel> open = new ArrayList<>(specs.size());
            long cpu0 = PROCESS.getProcessCpuTime();
            long start = System.nanoTime();
            try {
                for (MinerSpec m : specs) {
                    var ch = java.nio.channels.SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.setOption(java.net.StandardSocketOptions.SO_LINGER, 0); // close with RST: no TIME_WAIT left behind
                    open.add(ch);
                    ch.connect(new java.net.InetSocketAddress(m.host(), m.port()));
                }
                long wall = System.nanoTime() - start;
                System.out.printf("connect floor %d: %d non-blocking connects issued by one thread in %d ms (%.1f us CPU each)%n",
                        round, specs.size(), ms(wall), (PROCESS.getProcessCpuTime() - cpu0) / 1e3 / specs.size());
            } finally {
                for (var ch : open) ch.close();
            }
            Thread.sleep(500); // let the simulator see the resets before the next round
        }
    }

    /** This class's class path (under exec:java it is the project's class loader, not java.class.path). */
    private static String classPath() throws Exception {
        if (CurtailmentBench.class.getClassLoader() instanceof java.net.URLClassLoader u) {
            List<String> parts = new ArrayList<>();
            for (var url : u.getURLs()) parts.add(java.nio.file.Path.of(url.toURI()).toString());
            return String.join(java.io.File.pathSeparator, parts);
        }
        return System.getProperty("java.class.path");
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Notes when the last sleep acknowledgement arrived. */
    private static final class CountingAdapter implements MinerFleetAdapter {
        private final MinerFleetAdapter inner;
        final AtomicLong lastAckNanos = new AtomicLong();
        final AtomicInteger acks = new AtomicInteger();

        CountingAdapter(MinerFleetAdapter inner) {
            this.inner = inner;
        }

        void reset() {
            acks.set(0);
            lastAckNanos.set(0);
        }

        @Override
        public CompletableFuture<MinerStatus> curtail(MinerSpec miner, CurtailAction action) {
            return inner.curtail(miner, action).whenComplete((s, e) -> {
                if (action == CurtailAction.SLEEP) {
                    acks.incrementAndGet();
                    lastAckNanos.accumulateAndGet(System.nanoTime(), Math::max);
                }
            });
        }

        @Override
        public CompletableFuture<MinerStatus> read(MinerSpec miner) {
            return inner.read(miner);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
