package io.wattshift.scheduler.telemetry;

import static io.wattshift.scheduler.telemetry.Samples.hello;
import static io.wattshift.scheduler.telemetry.Samples.sample;
import static io.wattshift.scheduler.telemetry.Samples.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.engine.VirtualClock;
import io.wattshift.engine.model.GpuReading;
import io.wattshift.engine.model.NodeTelemetry;
import io.wattshift.wire.GpuSample;
import io.wattshift.wire.SampleBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-26T01:00:00Z");

    private final VirtualClock clock = new VirtualClock(T0);
    private final TelemetryStore store = new TelemetryStore(clock, Duration.ofSeconds(30));

    @Test
    void keepsTheNewestSampleOfEachGpu() {
        store.connected(hello("n1", 2));
        store.samples("n1", new SampleBatch(0, List.of(sample(0, T0.toEpochMilli() - 2000, 100_000, 50),
                sample(0, T0.toEpochMilli() - 1000, 300_000, 70), sample(1, T0.toEpochMilli() - 1000, 200_000, 60))));
        NodeTelemetryView v = store.node("n1").orElseThrow();
        assertEquals(300_000, v.gpus().get(0).powerMilliwatts());
        assertEquals(500.0, v.gpuPowerWatts());
        assertEquals(T0.minusSeconds(1), v.lastSampleAt());
        assertEquals(3, v.samples());
    }

    @Test
    void aNodeGoesStaleAfterTheConfiguredSilenceAndFreshAgainWithASample() {
        store.connected(hello("n1", 1));
        assertTrue(store.stale("n1"), "no sample yet: stale");
        store.samples("n1", new SampleBatch(0, tick(1, T0.toEpochMilli(), 300_000)));
        assertFalse(store.stale("n1"));
        clock.advance(Duration.ofSeconds(30));
        assertFalse(store.stale("n1"));
        clock.advance(Duration.ofMillis(1));
        assertTrue(store.stale("n1"));
        assertEquals(1, store.staleCount());
        store.samples("n1", new SampleBatch(1, tick(1, clock.millis(), 300_000)));
        assertFalse(store.stale("n1"));
        assertTrue(store.stale("unknown-node"));
    }

    @Test
    void aDaemonClockAheadOfOursCannotKeepASilentNodeFresh() {
        store.connected(hello("n1", 1));
        store.samples("n1", new SampleBatch(0, tick(1, T0.plus(Duration.ofHours(1)).toEpochMilli(), 300_000)));
        assertEquals(T0, store.node("n1").orElseThrow().lastSampleAt());
        clock.advance(Duration.ofSeconds(31));
        assertTrue(store.stale("n1"));
    }

    @Test
    void engineUpdatesCoalescePerNodeAndCarryWatts() {
        store.connected(hello("n1", 2));
        store.connected(hello("n2", 1));
        store.samples("n1", new SampleBatch(0, tick(2, T0.toEpochMilli() - 1000, 100_000)));
        store.samples("n1", new SampleBatch(1, tick(2, T0.toEpochMilli(), 450_000)));
        store.samples("n2", new SampleBatch(0, tick(1, T0.toEpochMilli(), 250_000)));

        List<NodeTelemetry> updates = store.drainEngineUpdates();
        assertEquals(2, updates.size());
        NodeTelemetry n1 = updates.stream().filter(u -> u.node().equals("n1")).findFirst().orElseThrow();
        assertEquals(T0, n1.at());
        assertEquals(List.of(new GpuReading(0, 450.0, 700.0, 60), new GpuReading(1, 450.001, 700.0, 61)), n1.gpus());
        assertTrue(store.drainEngineUpdates().isEmpty(), "nothing new since the last drain");
    }

    @Test
    void lostGpusAreLeftOutAndANodeWithOnlyLostGpusSendsTheEngineNothing() {
        store.connected(hello("n1", 2));
        store.samples("n1", new SampleBatch(0, List.of(GpuSample.lost(0, T0.toEpochMilli()), sample(1, T0.toEpochMilli(), 300_000, 65))));
        assertEquals(List.of(1), store.drainEngineUpdates().get(0).gpus().stream().map(GpuReading::index).toList());

        store.samples("n1", new SampleBatch(1, List.of(GpuSample.lost(0, T0.toEpochMilli() + 1), GpuSample.lost(1, T0.toEpochMilli() + 1))));
        assertTrue(store.drainEngineUpdates().isEmpty());
        assertEquals(0.0, store.node("n1").orElseThrow().gpuPowerWatts());
    }

    @Test
    void absentPowerReadingsAreNotZeroLimits() {
        store.connected(hello("n1", 1));
        long a = -1;
        store.samples("n1", new SampleBatch(0, List.of(new GpuSample(0, T0.toEpochMilli(), false, a, a, 55, -1, -1, a, a, a, a))));
        GpuReading r = store.drainEngineUpdates().get(0).gpus().get(0);
        assertEquals(0.0, r.powerLimitW(), "the engine ignores a limit <= 0 and keeps the GPU's known limit");
        assertEquals(55.0, r.temperatureC());
    }

    @Test
    void samplesFromANodeThatNeverSaidHelloAreIgnored() {
        store.samples("ghost", new SampleBatch(0, tick(1, T0.toEpochMilli(), 1)));
        assertTrue(store.node("ghost").isEmpty());
        assertTrue(store.drainEngineUpdates().isEmpty());
    }

    @Test
    void disconnectKeepsTheLastReadingsButMarksTheNode() {
        store.connected(hello("n1", 1));
        store.samples("n1", new SampleBatch(0, tick(1, T0.toEpochMilli(), 300_000)));
        store.disconnected("n1");
        NodeTelemetryView v = store.node("n1").orElseThrow();
        assertFalse(v.connected());
        assertEquals(1, v.gpus().size());
        store.connected(hello("n1", 1));
        assertTrue(store.node("n1").orElseThrow().connected());
    }
}
