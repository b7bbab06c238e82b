package io.wattshift.engine.model;

import java.util.Objects;

/**
 * One GPU of a node as the node daemon describes it.
 *
 * @param model         e.g. "H100-SXM"
 * @param memoryMib     memory, MiB
 * @param powerLimitW   default (enforced when uncapped) power limit, W
 * @param minLimitW     lowest settable power limit, W
 * @param maxLimitW     highest settable power limit (nameplate), W; stale nodes count at this
 * @param slowdownTempC temperature at which the GPU throttles, degrees C
 */
public record GpuSpec(String model, long memoryMib, double powerLimitW, double minLimitW, double maxLimitW,
                      double slowdownTempC) {
    public GpuSpec {
        Objects.requireNonNull(model, "model");
        Checks.positive(minLimitW, "gpu.minLimitW");
        if (!(minLimitW <= powerLimitW && powerLimitW <= maxLimitW)) {
            throw new IllegalArgumentException(
                "gpu limits must satisfy min <= limit <= max, got " + minLimitW + " <= " + powerLimitW + " <= "
                    + maxLimitW);
        }
    }

    /** An H100 SXM: 80 GB, 700 W default and nameplate, settable down to 200 W, slowdown at 87 C. */
    public static GpuSpec h100() {
        return new GpuSpec("H100-SXM", 81_559, 700, 200, 700, 87);
    }

    /** The limit clamped to what this GPU accepts. */
    public double clamp(double watts) {
        return Math.max(minLimitW, Math.min(maxLimitW, watts));
    }
}
