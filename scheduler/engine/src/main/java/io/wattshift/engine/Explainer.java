package io.wattshift.engine;

import io.wattshift.engine.model.HallReason;
import io.wattshift.engine.model.Insufficient;
import io.wattshift.engine.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a failed placement into one reason per hall a tenant can read:
 * {@code hall-b: needs 46.2 kW, 12.0 kW free of 2000 kW (rack b-07 at limit)}. Power figures are at the hall
 * feed and count curtailable mining as free, as placement does.
 */
final class Explainer {
    private final State s;

    Explainer(State s) {
        this.s = s;
    }

    List<HallReason> explain(Job job, int pods) {
        List<HallReason> out = new ArrayList<>();
        if (s.books.halls.isEmpty()) {
            out.add(new HallReason("site", List.of(), "no halls are known yet"));
            return out;
        }
        for (Hall h : s.books.halls.values()) {
            out.add(explainHall(job, pods, h));
        }
        return out;
    }

    HallReason quota(Job job, double needKw, double usedKw, double quotaKw) {
        String tenant = job.spec.tenant();
        Insufficient i = new Insufficient("quota", needKw, Math.max(0, quotaKw - usedKw), quotaKw, tenant);
        return new HallReason(tenant, List.of(i), String.format(Locale.ROOT,
            "tenant %s over its power quota: needs %.1f kW, %.1f kW left of %.0f kW", tenant, needKw,
            i.free(), quotaKw));
    }

    HallReason paused() {
        double price = s.market.energyUsdPerMwh();
        double limit = s.policy.pauseAiAboveUsdPerMwh();
        return new HallReason("site", List.of(new Insufficient("price", price, 0, limit, "site")),
            String.format(Locale.ROOT, "preemptible work paused: energy at %.1f $/MWh is above the %.1f $/MWh "
                + "threshold", price, limit));
    }

    private HallReason explainHall(Job job, int pods, Hall h) {
        int g = job.spec.gpusPerPod();
        double reserve = s.reserve();
        double podItW = typicalPodItW(job, h);
        double needIt = pods * podItW / 1000;
        double needFeed = needIt * h.spec.coolingOverhead();
        double hallFree = h.admitFreeKw(reserve, true);
        double siteFree = h.site.admitFreeKw(reserve, true);
        double heatFree = h.admitHeatFreeKw(true);
        List<Insufficient> shortOf = new ArrayList<>();
        String name = h.name();
        if (h.freeGpus < pods * g) {
            shortOf.add(new Insufficient("gpu", pods * g, h.freeGpus, h.gpus, name));
        }
        if (needFeed > hallFree) {
            shortOf.add(new Insufficient("power", needFeed, Math.max(0, hallFree), h.effLimitKw(reserve), name));
        }
        if (needFeed > siteFree) {
            shortOf.add(new Insufficient("site-power", needFeed, Math.max(0, siteFree),
                h.site.effLimitKw(reserve), h.site.spec.name()));
        }
        if (needIt > heatFree) {
            shortOf.add(new Insufficient("cooling", needIt, Math.max(0, heatFree), h.coolingKw(), name));
        }
        Rack tight = rackAtLimit(h, g, podItW);
        if (tight != null) {
            shortOf.add(new Insufficient("rack-power", podItW / 1000, Math.max(0, tight.freeKw()), tight.limitKw,
                tight.name));
        }
        return new HallReason(name, shortOf, message(job, pods, h, shortOf, needFeed, hallFree, tight));
    }

    private String message(Job job, int pods, Hall h, List<Insufficient> shortOf, double needFeed, double free,
                           Rack tight) {
        String rack = tight == null ? "" : " (rack " + tight.name + " at limit)";
        for (Insufficient i : shortOf) {
            switch (i.resource()) {
                case "power":
                case "site-power":
                case "cooling":
                    String what = i.resource().equals("cooling") ? " of cooling"
                        : i.resource().equals("site-power") ? " of site " + i.where() : "";
                    return String.format(Locale.ROOT, "%s: needs %.1f kW, %.1f kW free of %.0f kW%s%s", h.name(),
                        i.requested(), i.free(), i.limit(), what, rack);
                default:
                    break;
            }
        }
        if (!shortOf.isEmpty() && shortOf.get(0).resource().equals("gpu")) {
            Insufficient i = shortOf.get(0);
            return String.format(Locale.ROOT, "%s: needs %d GPUs, %d free of %d%s", h.name(), (int) i.requested(),
                (int) i.free(), (int) i.limit(), rack);
        }
        if (tight != null) {
            return String.format(Locale.ROOT, "%s: needs %.1f kW, %.1f kW free of %.0f kW%s", h.name(), needFeed,
                Math.max(0, free), h.effLimitKw(s.reserve()), rack);
        }
        String topo = job.spec.topology() == Topology.ANY ? "" : " " + job.spec.topology().name()
            .toLowerCase(Locale.ROOT).replace('_', '-');
        return String.format(Locale.ROOT, "%s: %d GPUs free, but not %d x %d%s on whole nodes", h.name(),
            h.freeGpus, pods, job.spec.gpusPerPod(), topo);
    }

    /** The rack with the most free GPUs on one node that lacks the power for one pod, or null. */
    private static Rack rackAtLimit(Hall h, int g, double podItW) {
        Rack best = null;
        for (Rack r : h.racksWithFree(g)) {
            if (r.freeKw() * 1000 < podItW && (best == null || r.freeGpus > best.freeGpus)) {
                best = r;
            }
        }
        return best;
    }

    /** What one pod of the job commits on this hall's first node, W (the figure tenants see). */
    private double typicalPodItW(Job job, Hall h) {
        int g = job.spec.gpusPerPod();
        double desired = Placer.desiredLimitW(job, s.policy);
        for (Node n : h.nodes) {
            double gpuW = desired > 0 ? n.gpus[0].spec.clamp(desired) : n.gpus[0].spec.powerLimitW();
            return g * gpuW + n.hostShareW(Math.min(g, n.gpus.length));
        }
        return g * 700.0;
    }
}
