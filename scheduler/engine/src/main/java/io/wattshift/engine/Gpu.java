package io.wattshift.engine;

import io.wattshift.engine.model.GpuSpec;

/** One GPU's live state. Owned by the engine thread. */
final class Gpu {
    final int index;
    final GpuSpec spec;
    /** The limit the GPU enforces as far as we know: last reported, or last set by a decision. */
    double limitW;
    double temperatureC;
    Pod owner;
    /**
     * The lowest the GPU has shown it enforces: the daemon could not cap it below this ({@code Engine.capRefused});
     * 0 = no refusal known. Cleared once telemetry shows it enforcing less.
     */
    double refusedBelowW;
    /** Held by a pod of another scheduler: not free, its power booked on the node ({@code Books.holdForeign}). */
    boolean foreign;

    Gpu(int index, GpuSpec spec) {
        this.index = index;
        this.spec = spec;
        this.limitW = spec.powerLimitW();
        this.temperatureC = 40;
    }

    /**
     * What the GPU enforces when asked for {@code limitW} (0 = its default): clamped to its range, and never under
     * a limit it refused to go below.
     */
    double enforcedW(double limitW) {
        double w = limitW > 0 ? spec.clamp(limitW) : spec.powerLimitW();
        return Math.max(w, refusedBelowW);
    }

    boolean hot(double marginC) {
        return temperatureC >= spec.slowdownTempC() - marginC;
    }

    /** Power this GPU commits when it runs at {@code limit}: nameplate when its node's telemetry is stale. */
    double commitW(double limit, boolean stale) {
        return stale ? spec.maxLimitW() : limit;
    }
}
