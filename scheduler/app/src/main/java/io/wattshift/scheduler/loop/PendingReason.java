package io.wattshift.scheduler.loop;

/** Why a job waits: the bounded tag set of {@code wattshift_pending_jobs}. */
public enum PendingReason {
  /** Not yet tried by the engine. */
  Queued,
  /** Not enough power (hall feed, rack, site or quota) free. */
  InsufficientPower,
  /** Not enough cooling at the current ambient. */
  InsufficientCooling,
  /** Not enough free GPUs. */
  InsufficientGpus,
  /** Placed; waiting for mining to be curtailed before binding. */
  WaitingForPower,
  /** Refers to something that does not exist (a Hall, a Site) or is invalid. */
  InvalidReference
}
