package io.wattshift.engine.model;

/**
 * A job as the engine sees it, for status fields.
 *
 * @param key         "namespace/name"
 * @param state       QUEUED, PARKED (did not fit; see reason), BACKOFF, PERMIT (waiting for mining to curtail),
 *                    IDLE (nothing to place), TERMINATING (being preempted)
 * @param boundPods   pods bound or assumed
 * @param pendingPods pods not placed
 * @param reason      the last unschedulable message, or null
 */
public record JobView(String key, String state, int boundPods, int pendingPods, String reason) {
}
