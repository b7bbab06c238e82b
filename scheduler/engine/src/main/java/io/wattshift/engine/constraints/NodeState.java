package io.wattshift.engine.constraints;

import io.wattshift.engine.model.NodeFacts;
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

    /** Labels, taints, allocatable resources and other schedulers' pods. */
    NodeFacts facts();

    /** What this engine's pods holding the node request of {@code resource} (reserved, assumed or bound). */
    long requested(String resource);

    /** How many of this engine's pods hold the node. */
    int podCount();
}
