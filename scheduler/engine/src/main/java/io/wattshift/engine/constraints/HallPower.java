package io.wattshift.engine.constraints;

import io.wattshift.engine.model.Insufficient;
import java.util.EnumSet;
import java.util.Set;

/** The hall feed: the pod's IT power x the hall's cooling overhead within the feed's free admission power. */
public final class HallPower implements PowerBudget {
    @Override
    public String name() {
        return "power";
    }

    @Override
    public Set<JobField> reads() {
        return EnumSet.of(JobField.GPUS_PER_POD, JobField.GPU_LIMIT);
    }

    @Override
    public double hallItW(Ask ask, HallState hall) {
        return hall.admitFreeKw(ask.reserve(), ask.curtail()) / hall.coolingOverhead() * 1000;
    }

    /** Counts curtailable mining as free, as the last placement attempt did. */
    @Override
    public Insufficient explain(Ask ask, HallState hall, Need need) {
        double free = hall.admitFreeKw(ask.reserve(), true);
        return need.feedKw() > free ? new Insufficient(name(), need.feedKw(), Math.max(0, free),
            hall.effLimitKw(ask.reserve()), hall.name()) : null;
    }
}
