package io.wattshift.scheduler.telemetry;

import io.wattshift.wire.GpuSample;
import io.wattshift.wire.Hello;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the scheduler knows about one node from its daemon, as of one moment. Immutable.
 *
 * @param node node name
 * @param hello the daemon's latest hello (GPU inventory, nameplate limits, whether it caps)
 * @param gpus newest sample of each GPU that has reported, ordered by GPU index (empty before the first sample)
 * @param lastSampleAt time of the newest sample (never later than its arrival), null before the first
 * @param connected whether the daemon's stream is open now
 * @param samples samples received from this node since the scheduler started
 */
public record NodeTelemetryView(String node, Hello hello, List<GpuSample> gpus, Instant lastSampleAt,
                                boolean connected, long samples) {
    public NodeTelemetryView {
        gpus = List.copyOf(gpus);
    }

    /** How old the newest sample is at {@code now}; empty before the first sample. */
    public Optional<Duration> age(Instant now) {
        return lastSampleAt == null ? Optional.empty() : Optional.of(Duration.between(lastSampleAt, now));
    }

    /** Stale: no sample yet, or the newest is older than {@code staleAfter}. Stale nodes count at nameplate power. */
    public boolean stale(Instant now, Duration staleAfter) {
        return lastSampleAt == null || lastSampleAt.plus(staleAfter).isBefore(now);
    }

    /** Sum of the GPUs' current draw, watts; lost GPUs and GPUs without a power reading are left out. */
    public double gpuPowerWatts() {
        double watts = 0;
        for (GpuSample s : gpus) {
            if (!s.lost() && GpuSample.present(s.powerMilliwatts())) {
                watts += s.powerMilliwatts() / 1000.0;
            }
        }
        return watts;
    }
}
