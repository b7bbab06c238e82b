package io.wattshift.engine.constraints;

import io.wattshift.engine.model.Insufficient;
import java.util.EnumSet;
import java.util.Set;

/**
 * The rack's PDU: the pod's IT power within the rack's free kW. The placer's hall index keeps racks ordered by
 * free kW, so racks that cannot hold the pod's lowest draw are never visited.
 */
public final class RackPower implements PowerBudget {
    @Override
    public String name() {
        return "rack-power";
    }

    @Override
    public Set<JobField> reads() {
        return EnumSet.of(JobField.GPUS_PER_POD, JobField.GPU_LIMIT);
    }

    @Override
    public double rackItW(Ask ask, RackState rack) {
        return rack.freeKw() * 1000;
    }

    /** The rack with the most free GPUs on one node that lacks the power for one pod, if any. */
    @Override
    public Insufficient explain(Ask ask, HallState hall, Need need) {
        RackState tight = null;
        for (RackState r : hall.racksWithFree(ask.gpusPerPod())) {
            if (r.freeKw() * 1000 < need.podItW() && (tight == null || r.freeGpus() > tight.freeGpus())) {
                tight = r;
            }
        }
        return tight == null ? null : new Insufficient(name(), need.podItW() / 1000, Math.max(0, tight.freeKw()),
            tight.limitKw(), tight.name());
    }
}
