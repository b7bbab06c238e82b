package io.wattshift.engine.constraints;

import io.wattshift.engine.model.Insufficient;
import java.util.EnumSet;
import java.util.Set;

/**
 * A node without fresh telemetry counts at nameplate and cannot be capped reliably: 5, less than one hot GPU
 * (a throttling GPU costs the job more than a node the books overstate).
 */
public final class StaleTelemetry implements NodeScore {
    @Override
    public String name() {
        return "stale-telemetry";
    }

    @Override
    public Set<JobField> reads() {
        return EnumSet.noneOf(JobField.class);
    }

    @Override
    public int penalty(Ask ask, NodeState node, int[] gpus) {
        return node.stale() ? 5 : 0;
    }

    @Override
    public Insufficient explain(Ask ask, HallState hall, Need need) {
        return null;
    }
}
