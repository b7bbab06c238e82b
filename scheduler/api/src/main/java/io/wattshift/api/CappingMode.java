package io.wattshift.api;

/** How GPU power caps are chosen. */
public enum CappingMode {
  /** GPUs run at their enforced limit. */
  Off,
  /** Every GPU is capped at {@code capWatts} (a job's powerCapWatts overrides). */
  Fixed,
  /** The engine picks the cap that gives most work per MWh under a binding limit. */
  Efficiency
}
