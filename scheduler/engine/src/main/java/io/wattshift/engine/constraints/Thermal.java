package io.wattshift.engine.constraints;

import io.wattshift.engine.model.Insufficient;
import java.util.EnumSet;
import java.util.Set;

/** GPUs within the policy's thermal margin of their slowdown temperature throttle: 10 per hot GPU. */
public final class Thermal implements NodeScore {
    @Override
    public String name() {
        return "thermal";
    }

    @Override
    public Set<JobField> reads() {
        return EnumSet.noneOf(JobField.class);
    }

    @Override
    public int penalty(Ask ask, NodeState node, int[] gpus) {
        return node.hotCount(gpus, ask.policy().thermalMarginC()) * 10;
    }

    @Override
    public Insufficient explain(Ask ask, HallState hall, Need need) {
        return null;
    }
}
