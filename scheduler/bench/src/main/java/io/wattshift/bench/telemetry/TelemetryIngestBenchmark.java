package io.wattshift.bench.telemetry;

import io.wattshift.scheduler.telemetry.TelemetryStore;
import io.wattshift.wire.GpuInventory;
import io.wattshift.wire.GpuSample;
import io.wattshift.wire.Hello;
import io.wattshift.wire.SampleBatch;
import io.wattshift.wire.WireCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scheduler-side telemetry ingest on one thread (one core): decode each node's binary frame with
 * {@link WireCodec} and merge it into the {@link TelemetryStore}, as the telemetry endpoint does on its event
 * loop. Scores are GPU samples per second; the target is 100,000 (10,000 nodes x 8 GPUs at 1 Hz is 80,000).
 *
 * <ul>
 *   <li>{@code decodeAndStore}: one 8-GPU frame per operation, cycling over 10,000 nodes</li>
 *   <li>{@code oneSecondOfClusterWithEngineHandOff}: a whole second of a 10,000-node cluster (10,000 frames) plus
 *       the scheduling loop's {@code drainEngineUpdates()} that turns it into engine inputs</li>
 *   <li>{@code decodeOnly}: the codec alone</li>
 * </ul>
 * Run: {@code java -jar scheduler/bench/target/wattshift-bench.jar TelemetryIngest}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TelemetryIngestBenchmark {
    private static final int NODES = 10_000;
    private static final int GPUS = 8;

    private byte[][] frames;
    private String[] names;
    private TelemetryStore store;
    private int next;

    @Setup
    public void setUp() {
        store = new TelemetryStore(Clock.systemUTC(), Duration.ofSeconds(30));
        frames = new byte[NODES][];
        names = new String[NODES];
        long now = System.currentTimeMillis();
        for (int n = 0; n < NODES; n++) {
            names[n] = String.format("hall-%c-r%02d-n%03d", (char) ('a' + n % 8), n / 8 % 40, n % 1000);
            List<GpuInventory> gpus = new ArrayList<>(GPUS);
            List<GpuSample> tick = new ArrayList<>(GPUS);
            for (int g = 0; g < GPUS; g++) {
                gpus.add(new GpuInventory(g, "GPU-" + n + "-" + g, "NVIDIA H100 80GB HBM3", "bus", 200_000, 700_000, 700_000, 87, 92, 80L << 30));
                tick.add(new GpuSample(g, now, false, 300_000 + n + g, 1_000_000_000L + n, 60 + g, 90, 40,
                        20L << 30, 80L << 30, 700_000, 0x4));
            }
            store.connected(new Hello(names[n], "bench", "570.86.15", true, gpus));
            frames[n] = WireCodec.encode(new SampleBatch(n, tick));
        }
    }

    @Benchmark
    @OperationsPerInvocation(GPUS)
    public void decodeAndStore() {
        int n = next;
        next = n + 1 == NODES ? 0 : n + 1;
        store.samples(names[n], (SampleBatch) WireCodec.decode(frames[n]));
    }

    @Benchmark
    @OperationsPerInvocation(NODES * GPUS)
    public void oneSecondOfClusterWithEngineHandOff(Blackhole bh) {
        for (int n = 0; n < NODES; n++) {
            store.samples(names[n], (SampleBatch) WireCodec.decode(frames[n]));
        }
        bh.consume(store.drainEngineUpdates());
    }

    @Benchmark
    @OperationsPerInvocation(GPUS)
    public Object decodeOnly() {
        int n = next;
        next = n + 1 == NODES ? 0 : n + 1;
        return WireCodec.decode(frames[n]);
    }
}
