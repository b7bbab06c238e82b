package io.wattshift.engine;

import io.wattshift.engine.model.GpuReading;
import io.wattshift.engine.model.GpuSpec;
import io.wattshift.engine.model.HallSpec;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.NodeTelemetry;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.RackSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The property test's own model of the site, kept only from the decisions it applied (never from the engine's
 * books), and the invariants checked against it.
 */
final class World {
    record PodAt(String node, List<Integer> gpus) {
    }

    static final class NodeW {
        final NodeSpec spec;
        final double[] limitW;
        /** Per GPU, the limit it refused to go below (0: none), until telemetry shows it enforcing less. */
        final double[] refusedBelowW;
        Instant telemetryAt;

        NodeW(NodeSpec spec) {
            this.spec = spec;
            this.limitW = new double[spec.gpus().size()];
            this.refusedBelowW = new double[spec.gpus().size()];
            for (int i = 0; i < limitW.length; i++) {
                limitW[i] = spec.gpus().get(i).powerLimitW();
            }
        }
    }

    final Map<String, HallSpec> halls = new LinkedHashMap<>();
    final Map<String, Double> ambient = new HashMap<>();
    final Map<String, NodeW> nodes = new LinkedHashMap<>();
    /** job -> pod -> where it runs. */
    final Map<String, Map<Integer, PodAt>> bound = new LinkedHashMap<>();
    final Map<String, Integer> podsOf = new HashMap<>();
    final Map<String, Boolean> training = new HashMap<>();
    /** hall -> lease the engine set; hall -> what the miners still draw until they confirm. */
    final Map<String, Double> lease = new HashMap<>();
    final Map<String, Double> drawing = new HashMap<>();
    /** node -> GPUs other schedulers' pods hold there (the node's facts the test sent). */
    final Map<String, Integer> foreign = new HashMap<>();
    double siteKw;

    /** What other schedulers' pods on the node draw at most, W: nameplate per GPU and their host share. */
    double foreignW(NodeW n) {
        int count = foreign.getOrDefault(n.spec.name(), 0);
        return count * n.spec.gpus().get(0).maxLimitW() + n.spec.hostOverheadW() * count / n.spec.gpus().size();
    }

    boolean stale(NodeW n, Instant now, Policy p) {
        return n.telemetryAt == null || n.telemetryAt.plus(p.telemetryStaleAfter()).isBefore(now);
    }

    double podW(PodAt pod, Instant now, Policy p) {
        NodeW n = nodes.get(pod.node());
        double w = n.spec.hostOverheadW() * pod.gpus().size() / n.spec.gpus().size();
        boolean stale = stale(n, now, p);
        for (int g : pod.gpus()) {
            GpuSpec spec = n.spec.gpus().get(g);
            w += stale ? spec.maxLimitW() : n.limitW[g];
        }
        return w;
    }

    /** What GPU {@code g} of {@code n} draws when a pod asks for {@code capW} (0: its default). */
    static double asked(NodeW n, int g, double capW) {
        GpuSpec gs = n.spec.gpus().get(g);
        return Math.max(capW > 0 ? gs.clamp(capW) : gs.powerLimitW(), n.refusedBelowW[g]);
    }

    NodeTelemetry telemetry(String node, Instant at, double tempC) {
        NodeW n = nodes.get(node);
        n.telemetryAt = at;
        List<GpuReading> r = new ArrayList<>();
        for (int i = 0; i < n.limitW.length; i++) {
            r.add(new GpuReading(i, 0, n.limitW[i], tempC));
            if (n.limitW[i] < n.refusedBelowW[i]) {
                n.refusedBelowW[i] = 0; // the engine reads the same sample the same way
            }
        }
        return new NodeTelemetry(node, at, r);
    }

    /**
     * Every rack, hall and site within its limit with mining at {@code miningLevel} (the lease after a step; what
     * the miners draw at a bind) plus every fleet's standby, which is always drawn. Where the standby alone exceeds a
     * limit nothing can restore it: then the limit holds when nothing else draws there. Returns the first breach, or
     * null.
     */
    String breach(Instant now, Policy p, Map<String, Double> miningLevel) {
        return breach(now, p, miningLevel, null);
    }

    /** As {@link #breach(Instant, Policy, Map)}, halls and racks limited to {@code onlyHall} when not null. */
    String breach(Instant now, Policy p, Map<String, Double> miningLevel, String onlyHall) {
        Map<String, Double> rackW = new HashMap<>();
        Map<String, Double> hallItW = new HashMap<>();
        for (Map<Integer, PodAt> pods : bound.values()) {
            for (PodAt pod : pods.values()) {
                NodeW n = nodes.get(pod.node());
                double w = podW(pod, now, p);
                rackW.merge(n.spec.hall() + "/" + n.spec.rack(), w, Double::sum);
                hallItW.merge(n.spec.hall(), w, Double::sum);
            }
        }
        // other schedulers' pods draw too, and no decision of the engine can stop them: like standby, where they
        // alone exceed a limit the limit holds when nothing else draws there
        Map<String, Double> rackForeignW = new HashMap<>();
        Map<String, Double> hallForeignW = new HashMap<>();
        for (NodeW n : nodes.values()) {
            double w = foreignW(n);
            if (w > 0) {
                rackW.merge(n.spec.hall() + "/" + n.spec.rack(), w, Double::sum);
                hallItW.merge(n.spec.hall(), w, Double::sum);
                rackForeignW.merge(n.spec.hall() + "/" + n.spec.rack(), w, Double::sum);
                hallForeignW.merge(n.spec.hall(), w, Double::sum);
            }
        }
        double site = 0;
        double siteStandby = 0;
        for (HallSpec h : halls.values()) {
            double mining = miningLevel.getOrDefault(h.name(), 0.0);
            double foreignIt = hallForeignW.getOrDefault(h.name(), 0.0) / 1000;
            double standby = h.miners().standbyKw();
            double it = hallItW.getOrDefault(h.name(), 0.0) / 1000;
            double feed = it * h.coolingOverhead() + mining + standby;
            site += feed;
            siteStandby += standby + foreignIt * h.coolingOverhead();
            double fixedFeed = standby + foreignIt * h.coolingOverhead();
            double fixedHeat = standby + foreignIt;
            if (onlyHall != null && !onlyHall.equals(h.name())) {
                continue;
            }
            for (RackSpec r : h.racks()) {
                double used = rackW.getOrDefault(h.name() + "/" + r.name(), 0.0) / 1000;
                double fixed = rackForeignW.getOrDefault(h.name() + "/" + r.name(), 0.0) / 1000;
                if (used > Math.max(r.limitKw(), fixed) + 1e-6) {
                    return "rack " + r.name() + " at " + used + " kW > " + r.limitKw();
                }
            }
            double limit = h.feedKw() * (1 - p.reserveFraction());
            if (feed > Math.max(limit, fixedFeed) + 1e-6) {
                return "hall " + h.name() + " feed " + feed + " kW > " + limit + " (mining " + mining + ", standby "
                    + standby + ")";
            }
            double cooling = h.cooling().capacityAt(ambient.getOrDefault(h.name(), h.cooling().ratedAmbientC()));
            if (it + mining + standby > Math.max(cooling, fixedHeat) + 1e-6) {
                return "hall " + h.name() + " heat " + (it + mining + standby) + " kW > cooling " + cooling;
            }
        }
        double limit = siteKw * (1 - p.reserveFraction());
        if (site > Math.max(limit, siteStandby) + 1e-6) {
            return "site at " + site + " kW > " + limit + " (standby " + siteStandby + ")";
        }
        return null;
    }

    /** Mining as the miners draw it: the higher of the lease and what they have not yet confirmed dropping. */
    Map<String, Double> physicalMining() {
        Map<String, Double> m = new HashMap<>(lease);
        drawing.forEach((h, kw) -> m.merge(h, kw, Math::max));
        return m;
    }
}
