package io.wattshift.api;

/** State of a MiningLease as enacted on the miners. */
public enum LeaseState {
  /** Created, miners being woken. */
  Pending,
  /** Miners run within the lease's kW. */
  Active,
  /** Curtail commands sent, drop not yet confirmed. */
  Curtailing,
  /** Drop confirmed (or timed out and counted at nameplate). */
  Curtailed,
  /** Lease ended; its power is free. */
  Released
}
