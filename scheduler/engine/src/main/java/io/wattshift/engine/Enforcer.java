package io.wattshift.engine;

import io.wattshift.engine.model.CappingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;

/**
 * Restores every limit after something outside placement made the promises exceed one (a feed or rack limit
 * lowered, ambient rising, telemetry gone stale). Sheds in the order that costs least: mining, then gangs still
 * waiting for power, then GPU caps (when the policy caps), then preemptible jobs, then any job, lowest priority
 * and youngest first. Miner standby cannot be shed: where it alone exceeds a limit, everything else goes.
 */
final class Enforcer {
    private static final Comparator<Job> VICTIM_ORDER = Comparator
        .comparing((Job j) -> !j.spec.preemptible())
        .thenComparingInt(j -> j.spec.priority())
        .thenComparing((Job j) -> j.spec.submitted(), Comparator.reverseOrder())
        .thenComparing(Job::key);

    private final State s;
    private final Mining mining;
    private final Evictions evictions;

    Enforcer(State s, Mining mining, Evictions evictions) {
        this.s = s;
        this.mining = mining;
        this.evictions = evictions;
    }

    void restore(Instant now, List<Decision> out) {
        double reserve = s.reserve();
        for (Hall h : new ArrayList<>(s.books.halls.values())) {
            DoubleSupplier over = () -> Math.max(h.feedOverKw(reserve), h.heatOverKw() * h.spec.coolingOverhead());
            if (over.getAsDouble() > Engine.EPS_KW) {
                mining.cut(h, Math.min(h.leaseKw, over.getAsDouble()), null, now, out);
                shed(over, p -> p.node.hall == h, "hall " + h.name() + " over its power or cooling limit", out);
            }
            for (Rack r : new ArrayList<>(h.racks.values())) {
                DoubleSupplier rackOver = () -> (r.usedKw - r.limitKw) * h.spec.coolingOverhead();
                if (rackOver.getAsDouble() > Engine.EPS_KW) {
                    shed(rackOver, p -> p.node.rack == r, "rack " + r.name + " over its limit", out);
                }
            }
        }
        for (Site site : s.books.sites.values()) {
            DoubleSupplier over = () -> site.overKw(reserve);
            List<Hall> byLease = new ArrayList<>(site.halls);
            byLease.sort(Comparator.comparingDouble((Hall h) -> -h.leaseKw));
            for (Hall h : byLease) {
                if (over.getAsDouble() > Engine.EPS_KW) {
                    mining.cut(h, Math.min(h.leaseKw, over.getAsDouble()), null, now, out);
                }
            }
            if (over.getAsDouble() > Engine.EPS_KW) {
                shed(over, p -> p.node.hall.site == site, "site " + site.spec.name() + " over its interconnect",
                    out);
            }
        }
    }

    /** Shed AI power among the pods {@code where} selects until {@code over} (feed kW) is no longer positive. */
    private void shed(DoubleSupplier over, Predicate<Pod> where, String why, List<Decision> out) {
        for (Job job : new ArrayList<>(s.permits)) {
            if (over.getAsDouble() <= Engine.EPS_KW) {
                return;
            }
            if (anyPod(job, where)) {
                evictions.cancelPermit(job);
            }
        }
        if (s.policy.capping() != CappingMode.NONE) {
            for (Job job : candidates(where)) {
                for (Pod pod : job.pods) {
                    if (over.getAsDouble() <= Engine.EPS_KW) {
                        return;
                    }
                    if (pod.holds() && where.test(pod) && !pod.node.stale && pod.gpus.length > 0) {
                        capDown(pod, over.getAsDouble(), out);
                    }
                }
            }
        }
        for (Job job : candidates(where)) {
            if (over.getAsDouble() <= Engine.EPS_KW) {
                return;
            }
            evictions.evict(job, null, why, true, out);
        }
    }

    /** Lower a pod's GPU caps, no further than needed nor below the GPUs' minimum. */
    private void capDown(Pod pod, double overKw, List<Decision> out) {
        Node node = pod.node;
        int g = pod.gpus.length;
        double overItW = overKw * 1000 / node.hall.spec.coolingOverhead();
        double floor = node.minSettableW(pod.gpus);
        double current = pod.itW - node.hostShareW(g);
        double perGpu = Math.max(floor, Math.floor((current - overItW) / g) - 1);
        double newItW = node.podItW(pod.job.spec, pod.gpus, perGpu);
        if (newItW >= pod.itW) {
            return;
        }
        s.books.adjust(pod, newItW);
        pod.limitW = perGpu;
        for (int i : pod.gpus) {
            double w = node.gpus[i].enforcedW(perGpu);
            node.gpus[i].limitW = w;
            out.add(new Decision.SetPowerCap(node.name, i, w));
        }
    }

    private List<Job> candidates(Predicate<Pod> where) {
        Set<Job> jobs = new LinkedHashSet<>();
        for (Job job : s.jobs.values()) {
            if (anyPod(job, where)) {
                jobs.add(job);
            }
        }
        List<Job> list = new ArrayList<>(jobs);
        list.sort(VICTIM_ORDER);
        return list;
    }

    private static boolean anyPod(Job job, Predicate<Pod> where) {
        for (Pod p : job.pods) {
            if (p.holds() && where.test(p)) {
                return true;
            }
        }
        return false;
    }
}
