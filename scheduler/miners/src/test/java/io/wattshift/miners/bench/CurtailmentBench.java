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
 *   <li>dispatched: selection done and every sleep command handed to the adapter, which queues it for its I/O
 *       threads (wall time, and CPU time of the deciding thread: the machine is shared, the CPU time is not);</li>
 *   <li>delivered: every simulated miner has received its sleep command (polled every 1 ms);</li>
 *   <li>confirmed: every miner reported its idle draw (ramp-down 0 here, so this is the protocol round trips).</li>
 * </ul>
 * Run: {@code mvn -B -q -o -pl scheduler/miners test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.wattshift.miners.bench.CurtailmentBench -Dexec.args="10000 5"}.
 */
public final class CurtailmentBench {

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        int ioThreads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        List<MinerModel> models = List.of(new MinerModel("asic", n, 3250, 17.5, true));
        SimConfig simConfig = new SimConfig("127.0.0.1", 0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10),
                MinerCredentials.NONE, ioThreads, Clock.systemUTC());
        long t0 = System.nanoTime();
        try (FleetSimulator sim = FleetSimulator.start(simConfig, models)) {
            System.out.printf("simulator: %d miners bound in %d ms%n", n, ms(System.nanoTime() - t0));
            var config = new FleetClientConfig(Duration.ofSeconds(2), Duration.ofSeconds(5), 64 * 1024, inFlight, 2,
                    Duration.ofMillis(50), ioThreads);
            var scheduler = Executors.newSingleThreadScheduledExecutor();
            try (var luxos = new LuxosFleetAdapter("bench", config, MinerCredentials.NONE, Clock.systemUTC())) {
                CountingAdapter adapter = new CountingAdapter(luxos);
                var policy = FleetPolicy.defaults().withConfirmTimeout(Duration.ofSeconds(30)).withMinOffTime(Duration.ZERO);
                HallFleet fleet = new HallFleet("bench", sim.specs(), adapter, policy, Clock.systemUTC(), scheduler,
                        new MinerMetrics(new SimpleMeterRegistry()));
                fleet.refresh().get(60, TimeUnit.SECONDS);
                System.out.printf("%-6s %12s %12s %12s %12s %12s%n", "round", "dispatch ms", "(cpu ms)", "delivered ms",
                        "acked ms", "confirmed ms");
                for (int r = 1; r <= rounds; r++) {
                    fleet.matchTarget(Double.MAX_VALUE).get(120, TimeUnit.SECONDS); // all awake, sessions warm
                    long before = received(sim);
                    adapter.reset();
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    long start = System.nanoTime();
                    CompletableFuture<CurtailmentReport> f = fleet.curtailTo(0);
                    long dispatched = System.nanoTime() - start;
                    long dispatchCpu = THREADS.getCurrentThreadCpuTime() - cpu0;
                    while (received(sim) < before + n) Thread.sleep(1);
                    long delivered = System.nanoTime() - start;
                    CurtailmentReport report = f.get(120, TimeUnit.SECONDS);
                    long confirmed = System.nanoTime() - start;
                    System.out.printf("%-6d %12.1f %12.1f %12d %12d %12d   (%d commanded, %d confirmed)%n", r,
                            dispatched / 1e6, dispatchCpu / 1e6, ms(delivered), ms(adapter.lastAckNanos.get() - start), ms(confirmed),
                            report.commanded().size(), report.confirmed().size());
                }
            } finally {
                scheduler.shutdownNow();
            }
        }
    }

    private static long received(FleetSimulator sim) {
        return sim.commandsReceived();
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
