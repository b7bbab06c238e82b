package io.wattshift.engine.model;

/** How the engine uses GPU power caps. */
public enum CappingMode {
    /** GPUs run at their default limit; only a job's own cap applies. */
    NONE,
    /** Every placed GPU is capped at {@link Policy#fixedCapW()} (or the job's lower cap). */
    FIXED,
    /**
     * Admit more GPUs than fit at full power: a pod that does not fit at the default limit is placed with the
     * highest cap (not below the GPU minimum) that fits, so caps are the safety net that keeps limits.
     */
    OVERSUBSCRIBE
}
