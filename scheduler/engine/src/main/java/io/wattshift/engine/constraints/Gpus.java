package io.wattshift.engine.constraints;

import io.wattshift.engine.model.Insufficient;
import java.util.EnumSet;
import java.util.Set;

/**
 * Free GPUs, all of a pod's on one node. The placer's rack index (racks by free GPUs on one node, nodes bucketed
 * by free GPUs) answers this per node without a scan; the hall prune and the reason live here.
 */
public final class Gpus implements Constraint {
    @Override
    public String name() {
        return "gpu";
    }

    @Override
    public Set<JobField> reads() {
        return EnumSet.of(JobField.GPUS_PER_POD);
    }

    @Override
    public boolean hallMayHold(Ask ask, HallState hall) {
        return hall.freeGpus() >= ask.gpusPerPod();
    }

    @Override
    public Insufficient explain(Ask ask, HallState hall, Need need) {
        int want = ask.pods() * ask.gpusPerPod();
        return hall.freeGpus() < want ? new Insufficient(name(), want, hall.freeGpus(), hall.gpus(), hall.name())
            : null;
    }
}
