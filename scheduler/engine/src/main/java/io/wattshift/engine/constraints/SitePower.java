package io.wattshift.engine.constraints;

import io.wattshift.engine.model.Insufficient;
import java.util.EnumSet;
import java.util.Set;

/** The site's grid interconnect, shared by its halls: the pod's feed power within what the site has free. */
public final class SitePower implements PowerBudget {
    @Override
    public String name() {
        return "site-power";
    }

    @Override
    public Set<JobField> reads() {
        return EnumSet.of(JobField.GPUS_PER_POD, JobField.GPU_LIMIT);
    }

    @Override
    public double hallItW(Ask ask, HallState hall) {
        return hall.siteAdmitFreeKw(ask.reserve(), ask.curtail()) / hall.coolingOverhead() * 1000;
    }

    @Override
    public Insufficient explain(Ask ask, HallState hall, Need need) {
        double free = hall.siteAdmitFreeKw(ask.reserve(), true);
        return need.feedKw() > free ? new Insufficient(name(), need.feedKw(), Math.max(0, free),
            hall.siteEffLimitKw(ask.reserve()), hall.siteName()) : null;
    }
}
