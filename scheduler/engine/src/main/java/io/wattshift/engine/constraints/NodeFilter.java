package io.wattshift.engine.constraints;

/** A check on each candidate node (after the rack index found free GPUs and power there). */
public interface NodeFilter extends Constraint {
    /** Whether one pod of {@code ask} may run on {@code node}. Called per candidate node: keep it cheap. */
    boolean fits(Ask ask, NodeState node);
}
