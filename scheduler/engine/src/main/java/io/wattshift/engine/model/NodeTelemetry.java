package io.wattshift.engine.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A telemetry sample of one node from its daemon. A node whose latest sample is older than
 * {@link Policy#telemetryStaleAfter()} counts at nameplate power.
 *
 * @param node node name
 * @param at   when the daemon sampled it
 * @param gpus per-GPU readings (GPUs missing from the list keep their previous values)
 */
public record NodeTelemetry(String node, Instant at, List<GpuReading> gpus) {
    public NodeTelemetry {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(at, "at");
        gpus = List.copyOf(gpus);
    }
}
