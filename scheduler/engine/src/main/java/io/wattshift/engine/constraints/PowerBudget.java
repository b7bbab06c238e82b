package io.wattshift.engine.constraints;

/**
 * A power limit a pod's IT power must fit under. The placer takes the smallest budget over all checks at the
 * hall and at the rack and fits the pod (capping it in oversubscribe mode) under that; a hall whose smallest
 * budget cannot hold the pod at its GPUs' lowest possible draw is skipped.
 */
public interface PowerBudget extends Constraint {
    /** IT power one more pod may commit in {@code hall} by this limit, W; +infinity when it is not a hall limit. */
    default double hallItW(Ask ask, HallState hall) {
        return Double.POSITIVE_INFINITY;
    }

    /** IT power one more pod may commit in {@code rack} by this limit, W; +infinity when it is not a rack limit. */
    default double rackItW(Ask ask, RackState rack) {
        return Double.POSITIVE_INFINITY;
    }
}
