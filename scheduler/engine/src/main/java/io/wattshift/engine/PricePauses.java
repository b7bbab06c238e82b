package io.wattshift.engine;

import io.wattshift.engine.economics.AiEconomics;
import io.wattshift.engine.model.HallReason;
import io.wattshift.engine.model.Insufficient;
import io.wattshift.engine.model.JobKind;
import io.wattshift.engine.model.Market;
import io.wattshift.engine.model.MarketPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Preemptible work under price. Two rules, the lower price wins: the operator's flat threshold
 * ({@code pauseAiAboveUsdPerMwh}: all preemptible work) and the market room's own, for preemptible training: energy
 * dearer than the work earns (its value per GPU-hour against the site's typical GPU at full limit, host share and
 * cooling overhead included). Work over either is suspended (checkpoint signal, grace, re-queued with its progress)
 * and held back; value-suspended work resumes once the price is below {@link MarketPolicy#aiResumeFraction()} of
 * its suspend price, so one price hovering at the threshold does not flap it. Non-preemptible work is never touched
 * for price, and an untrusted market changes nothing.
 */
final class PricePauses {
    private final State s;
    private final Evictions evictions;
    private Market seen;
    /** Feed power of the site's typical GPU at full limit, kW; NaN until computed for the current topology. */
    private double typicalGpuKw = Double.NaN;

    PricePauses(State s, Evictions evictions) {
        this.s = s;
        this.evictions = evictions;
    }

    /** The topology changed: the typical GPU is computed again when next needed. */
    void topologyChanged() {
        typicalGpuKw = Double.NaN;
    }

    /** On a new market (or policy): suspend what no longer pays, let resume what pays again. */
    void step(List<Decision> out) {
        Market m = s.market;
        if (m.equals(seen) && !s.policyChanged) {
            return;
        }
        seen = m;
        s.policyChanged = false;
        if (!m.safe()) {
            return;
        }
        for (Job job : new ArrayList<>(s.jobs.values())) {
            if (!job.spec.preemptible()) {
                continue;
            }
            boolean held = holds(job);
            if (held && !job.priceHeld) {
                job.priceHeld = true;
                if (job.state != Job.State.TERMINATING && (job.heldGpus() > 0 || job.state == Job.State.PERMIT)) {
                    evictions.suspend(job, reason(job).message(), s.policy.market().suspendGrace(), out);
                }
            } else if (!held && job.priceHeld) {
                job.priceHeld = false;
                s.capacityFreed = true;
            }
        }
    }

    /** Whether {@code job} is held back for price now. */
    boolean holds(Job job) {
        if (!job.spec.preemptible() || !s.market.safe()) {
            return false;
        }
        double price = s.market.energyUsdPerMwh();
        if (price > s.policy.pauseAiAboveUsdPerMwh()) {
            return true;
        }
        double limit = valuePrice(job);
        return price > limit || job.priceHeld && price >= limit * s.policy.market().aiResumeFraction();
    }

    /** Why {@code job} is held back, for its status. */
    HallReason reason(Job job) {
        double price = s.market.energyUsdPerMwh();
        double limit = Math.min(s.policy.pauseAiAboveUsdPerMwh(), valuePrice(job));
        String why = limit == s.policy.pauseAiAboveUsdPerMwh()
            ? String.format(Locale.ROOT, "preemptible work paused: energy at %.1f $/MWh is above the %.1f $/MWh "
                + "threshold", price, limit)
            : String.format(Locale.ROOT, "suspended for price: energy at %.1f $/MWh costs more than the work earns "
                + "(%.2f $/GPU-hour: break-even %.0f $/MWh; resumes under %.0f)", price,
                s.policy.market().aiUsdPerGpuHour(job.spec.priority()), limit,
                limit * s.policy.market().aiResumeFraction());
        return new HallReason("site", List.of(new Insufficient("price", price, 0, limit, "site")), why);
    }

    /** The price above which this job's energy costs more than its work earns; +infinity when never. */
    private double valuePrice(Job job) {
        if (job.spec.kind() != JobKind.TRAINING) {
            return Double.POSITIVE_INFINITY;
        }
        double kw = typicalGpuKw();
        double value = s.policy.market().aiUsdPerGpuHour(job.spec.priority());
        if (Double.isNaN(value) || !(kw > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        return value * 1000.0 / kw;
    }

    private double typicalGpuKw() {
        if (Double.isNaN(typicalGpuKw)) {
            double sum = 0;
            int gpus = 0;
            for (Node n : s.books.nodes.values()) {
                double hostPerGpu = n.spec.hostOverheadW() / n.gpus.length;
                for (Gpu g : n.gpus) {
                    sum += AiEconomics.gpuFeedKw(1.0, g.spec.maxLimitW(), hostPerGpu, n.hall.spec.coolingOverhead());
                    gpus++;
                }
            }
            typicalGpuKw = gpus == 0 ? 0 : sum / gpus;
        }
        return typicalGpuKw;
    }
}
