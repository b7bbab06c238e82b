package io.wattshift.engine.constraints;

/** A penalty for placing a pod on a node: the placer takes the candidate with the lowest sum (0 is perfect). */
public interface NodeScore extends Constraint {
    /** Penalty of one pod of {@code ask} on GPUs {@code gpus} of {@code node}; 0 = nothing against it. */
    int penalty(Ask ask, NodeState node, int[] gpus);
}
