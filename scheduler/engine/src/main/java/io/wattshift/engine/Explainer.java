package io.wattshift.engine;

import io.wattshift.engine.constraints.Ask;
import io.wattshift.engine.constraints.Constraint;
import io.wattshift.engine.constraints.Need;
import io.wattshift.engine.model.HallReason;
import io.wattshift.engine.model.Insufficient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a failed placement into one reason per hall a tenant can read:
 * {@code hall-b: needs 46.2 kW, 12.0 kW free of 2000 kW (rack b-07 at limit)}. Each reason comes from the same
 * check list the placer filters by ({@code State.constraints}), so a message names what placement refused. Power
 * figures are at the hall feed and count curtailable mining as free, as placement's last attempt does.
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

    private HallReason explainHall(Job job, int pods, Hall h) {
        Ask ask = new Ask(job.spec, pods, Placer.desiredLimitW(job, s.policy), s.policy, true);
        double podItW = typicalPodItW(job, h);
        double needIt = pods * podItW / 1000;
        Need need = new Need(podItW, needIt, needIt * h.spec.coolingOverhead());
        List<Insufficient> shortOf = new ArrayList<>();
        String own = null;
        for (Constraint c : s.constraints.all()) {
            Insufficient i = c.explain(ask, h, need);
            if (i != null) {
                shortOf.add(i);
                if (own == null) {
                    own = c.message(ask, i, h);
                }
            }
        }
        return new HallReason(h.name(), shortOf, message(ask, h, shortOf, need, own));
    }

    /**
     * The line: a power shortage first (with the rack at its limit, if any), else missing GPUs, else the first
     * check's own line, else the rack, else packing.
     */
    private String message(Ask ask, Hall h, List<Insufficient> shortOf, Need need, String own) {
        Insufficient tight = null;
        for (Insufficient i : shortOf) {
            if (i.resource().equals("rack-power")) {
                tight = i;
            }
        }
        String rack = tight == null ? "" : " (rack " + tight.where() + " at limit)";
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
        if (own != null) {
            return own;
        }
        if (tight != null) {
            return String.format(Locale.ROOT, "%s: needs %.1f kW, %.1f kW free of %.0f kW%s", h.name(),
                need.feedKw(), Math.max(0, h.admitFreeKw(ask.reserve(), true)), h.effLimitKw(ask.reserve()), rack);
        }
        return s.constraints.topology().packingMessage(ask, h);
    }

    /** What one pod of the job commits on this hall's first node, W (the figure tenants see). */
    private double typicalPodItW(Job job, Hall h) {
        int g = job.spec.gpusPerPod();
        double desired = Placer.desiredLimitW(job, s.policy);
        for (Node n : h.nodes) {
            if (g == 0) {
                return n.cpuPodW(job.spec);
            }
            double gpuW = desired > 0 ? n.gpus[0].spec.clamp(desired) : n.gpus[0].spec.powerLimitW();
            return g * gpuW + n.hostShareW(Math.min(g, n.gpus.length));
        }
        return g * 700.0;
    }
}
