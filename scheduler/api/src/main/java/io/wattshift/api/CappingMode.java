package io.wattshift.api;

/** How GPU power caps are chosen. */
public enum CappingMode {
  /** GPUs run at their default limit; only a job's own powerCapWatts applies. */
  Off,
  /** Every placed GPU is capped at {@code capWatts} (or the job's lower cap). */
  Fixed,
  /**
   * Admit more GPUs than fit at full power: a pod that does not fit at the default limit is placed with the highest
   * cap (not below the GPU's minimum) that fits.
   */
  Oversubscribe
}
