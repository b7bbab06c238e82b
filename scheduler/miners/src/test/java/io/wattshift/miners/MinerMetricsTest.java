package io.wattshift.miners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MinerMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MinerMetrics metrics = new MinerMetrics(registry);

    @Test
    void aHallRegisteredAgainReadsItsNewFleet() {
        metrics.registerHall("a", s -> 1, () -> 100, () -> 200, () -> 3);
        metrics.registerHall("a", s -> 2, () -> 110, () -> 220, () -> 4);
        assertEquals(220, registry.get("wattshift.mining.power.watts").tag("hall", "a").tag("basis", "committed").gauge().value());
        assertEquals(2, registry.get("wattshift.miners").tag("hall", "a").tag("state", "asleep").gauge().value());
    }

    @Test
    void curtailmentLatencyIsAHistogramInSeconds() {
        metrics.recordCurtailment(Duration.ofMillis(1900));
        var t = registry.get("wattshift.curtailment").timer();
        assertEquals(1, t.count());
        assertEquals(1.9, t.totalTime(java.util.concurrent.TimeUnit.SECONDS), 1e-9);
    }

    @Test
    void errorsAreCountedByKind() {
        metrics.command(CurtailAction.SLEEP, MinerStatus.failed("m", new MinerError(MinerError.Kind.TIMEOUT, "x"),
                java.time.Instant.EPOCH));
        assertEquals(1, registry.get("wattshift.miner.errors").tag("kind", "timeout").counter().count());
        assertEquals(1, registry.get("wattshift.miner.commands").tag("action", "sleep").tag("outcome", "error")
                .counter().count());
    }
}
