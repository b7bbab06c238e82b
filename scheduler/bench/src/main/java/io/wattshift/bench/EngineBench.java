package io.wattshift.bench;

import io.wattshift.engine.Decision;
import io.wattshift.engine.Engine;
import io.wattshift.engine.VirtualClock;
import io.wattshift.engine.model.CoolingSpec;
import io.wattshift.engine.model.GpuReading;
import io.wattshift.engine.model.GpuSpec;
import io.wattshift.engine.model.HallSpec;
import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.MinerFleetSpec;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.NodeTelemetry;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.RackSpec;
import io.wattshift.engine.model.SiteSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Placement decisions per second: one {@link Engine#step()} over 10,000 pending jobs on a site of 1,000 or 10,000
 * nodes of 8 x H100 (racks of 8 nodes, halls of 1,000 nodes, power to spare so GPUs are the limit). {@code single}:
 * one-pod jobs of 1 GPU; {@code gang8}: training gangs of 8 workers x 8 GPUs; {@code mixed}: one-pod jobs of 1, 2, 4
 * and 8 GPUs and gangs of 2, 4 and 8 workers x 8 GPUs in turn (seven shapes, so the admission pass's memo of
 * failed shapes helps far less than when every job has the same shape). Every invocation starts from a fresh
 * engine (built outside the timing). The aux counters give the rates the targets are about:
 * {@code jobsDecided} (bound or found unschedulable), {@code jobsBound} and {@code podsBound}, per second.
 *
 * <pre>
 * mvn -B -q -Pbench -pl scheduler/bench -am package -DskipTests
 * java -jar scheduler/bench/target/wattshift-bench.jar EngineBench -f 1 -wi 2 -i 3 -w 5s -r 5s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
@State(Scope.Thread)
public class EngineBench {
    private static final int PENDING = 10_000;
    private static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");

    @Param({"1000", "10000"})
    public int nodes;

    @Param({"single", "gang8", "mixed"})
    public String shape;

    private Engine engine;

    /** Rates reported beside the score (steps per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rates {
        public long jobsDecided;
        public long jobsBound;
        public long podsBound;
    }

    @Setup(Level.Invocation)
    public void freshEngine() {
        VirtualClock clock = new VirtualClock(T0);
        engine = new Engine(clock, Policy.defaults().withTelemetryStaleAfter(Duration.ofDays(365)));
        engine.upsertSite(new SiteSpec("site", 1_000_000));
        int halls = Math.max(1, nodes / 1000);
        List<GpuReading> readings = new ArrayList<>();
        for (int g = 0; g < 8; g++) {
            readings.add(new GpuReading(g, 0, 700, 40));
        }
        for (int h = 0; h < halls; h++) {
            String hall = "hall-" + h;
            int racks = nodes / halls / 8;
            List<RackSpec> rs = new ArrayList<>();
            for (int r = 0; r < racks; r++) {
                rs.add(new RackSpec(hall + "-r" + r, 80));
            }
            engine.upsertHall(new HallSpec(hall, "site", 100_000, new CoolingSpec(100_000, 30, 0.01), 1.1, rs,
                MinerFleetSpec.NONE));
            for (int r = 0; r < racks; r++) {
                for (int n = 0; n < 8; n++) {
                    String name = hall + "-r" + r + "-n" + n;
                    engine.upsertNode(NodeSpec.uniform(name, hall, hall + "-r" + r, 8, GpuSpec.h100(), 1000));
                    engine.updateTelemetry(new NodeTelemetry(name, T0, readings));
                }
            }
        }
        for (int i = 0; i < PENDING; i++) {
            String tenant = "t" + (i % 7);
            int[] wg = workersAndGpus(i);
            engine.submit(JobSpec.training(tenant + "/j" + i, tenant, wg[0], wg[1], T0.plusMillis(i))
                .withPriority(i % 3, false));
        }
    }

    /** Workers and GPUs per worker of the i-th pending job for this shape. */
    private int[] workersAndGpus(int i) {
        return switch (shape) {
            case "single" -> new int[] {1, 1};
            case "gang8" -> new int[] {8, 8};
            default -> MIXED[i % MIXED.length];
        };
    }

    /** 1/2/4/8-GPU pods and 2/4/8-node gangs of 8 GPUs, in turn. */
    private static final int[][] MIXED = {{1, 1}, {1, 2}, {2, 8}, {1, 4}, {4, 8}, {1, 8}, {8, 8}};

    @Benchmark
    public List<Decision> step(Rates rates) {
        List<Decision> ds = engine.step();
        Set<String> bound = new HashSet<>();
        long unschedulable = 0;
        for (Decision d : ds) {
            if (d instanceof Decision.Bind b) {
                bound.add(b.job());
                rates.podsBound++;
            } else if (d instanceof Decision.Unschedulable) {
                unschedulable++;
            }
        }
        rates.jobsBound += bound.size();
        rates.jobsDecided += bound.size() + unschedulable;
        return ds;
    }
}
