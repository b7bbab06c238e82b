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
    /** Held by a pod of another scheduler: not free, its power booked on the node ({@code Books.holdForeign}). */
    boolean foreign;

    Gpu(int index, GpuSpec spec) {
        this.index = index;
        this.spec = spec;
        this.limitW = spec.powerLimitW();
        this.temperatureC = 40;
    }

    boolean hot(double marginC) {
        return temperatureC >= spec.slowdownTempC() - marginC;
    }

    /** Power this GPU commits when it runs at {@code limit}: nameplate when its node's telemetry is stale. */
    double commitW(double limit, boolean stale) {
        return stale ? spec.maxLimitW() : limit;
    }
}
