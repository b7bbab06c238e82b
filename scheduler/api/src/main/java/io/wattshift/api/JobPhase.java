package io.wattshift.api;

/** Life-cycle phase of a GpuJob, written by the scheduler into {@code status.phase}. */
public enum JobPhase {
  /** Waiting in the queue; {@code status.reason}/{@code message} say why it does not fit. */
  Pending,
  /** Placed, waiting for mining to be curtailed before binding. */
  WaitingForPower,
  /** All pods bound (training) or at least minAvailable ready (inference). */
  Running,
  Succeeded,
  Failed
}
