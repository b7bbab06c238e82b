package io.wattshift.engine.constraints;

import io.wattshift.engine.model.NodeSpec;

/** What a check may read of a node's live state. */
public interface NodeState {
    String name();

    NodeSpec spec();

    int freeGpus();

    /** Whether the node's telemetry is missing or too old (it counts at nameplate). */
    boolean stale();

    /** How many of GPUs {@code idx} run within {@code marginC} of their slowdown temperature. */
    int hotCount(int[] idx, double marginC);
}
