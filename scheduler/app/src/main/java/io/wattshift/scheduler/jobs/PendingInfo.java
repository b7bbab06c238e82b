package io.wattshift.scheduler.jobs;

/**
 * Why the scheduling loop has not bound a job's gang yet.
 *
 * @param reason  machine-readable reason (a {@code PendingReason} name)
 * @param message the engine's reason a tenant can read, e.g. "hall-c: needs 25.1 kW, 19.0 kW free"
 */
public record PendingInfo(String reason, String message) {
}
