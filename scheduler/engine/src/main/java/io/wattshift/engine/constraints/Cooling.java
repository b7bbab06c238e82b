package io.wattshift.engine.constraints;

import io.wattshift.engine.model.Insufficient;
import java.util.EnumSet;
import java.util.Set;

/** The hall's cooling at the current ambient: the pod's IT power (its heat) within the heat still removable. */
public final class Cooling implements PowerBudget {
    @Override
    public String name() {
        return "cooling";
    }

    @Override
    public Set<JobField> reads() {
        return EnumSet.of(JobField.GPUS_PER_POD, JobField.GPU_LIMIT);
    }

    @Override
    public double hallItW(Ask ask, HallState hall) {
        return hall.admitHeatFreeKw(ask.curtail()) * 1000;
    }

    @Override
    public Insufficient explain(Ask ask, HallState hall, Need need) {
        double free = hall.admitHeatFreeKw(true);
        return need.itKw() > free ? new Insufficient(name(), need.itKw(), Math.max(0, free), hall.coolingKw(),
            hall.name()) : null;
    }
}
