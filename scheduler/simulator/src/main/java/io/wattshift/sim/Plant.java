package io.wattshift.sim;

import io.wattshift.engine.economics.CapCurve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated physical site, kept by the simulator from the decisions it applied, never from the engine's
 * books: which GPUs run at which limit, what the miners really draw, what the ambient really is. Its checker
 * counts every moment a rack, hall feed, hall cooling or the site interconnect is exceeded by the worst case of
 * what runs (GPU limits + host overhead, times cooling overhead at the feed) plus actual mining and the standby of
 * sleeping miners.
 */
final class Plant {
    static final class HallP {
        final SiteConfig.HallConfig config;
        /** What one sleeping miner draws, W (0 where the policy runs the site without its miners). */
        final double standbyWEach;
        double itW;
        double drawW;
        /** The power that hashes, kW: the lease the fleet settled at (set by the {@link FleetModel}). */
        double miningKw;
        /**
         * The miners' whole draw as measured, kW, standby included ({@link TcpFleet}: the miners' own readings, a
         * miner not confirmed asleep at nameplate); {@code NaN} while it is modelled from {@link #miningKw}.
         */
        double measuredDrawKw = Double.NaN;
        double ambientC;

        HallP(SiteConfig.HallConfig config, boolean withMiners) {
            this.config = config;
            this.standbyWEach = withMiners ? config.miners().standbyW() : 0;
            this.ambientC = config.ambient().meanC();
        }

        /**
         * The miners' draw, kW: as measured where a model measures it, else the awake ones' ({@code miningKw} worth
         * of nameplate) plus the others' standby.
         */
        double miningDrawKw() {
            if (!Double.isNaN(measuredDrawKw)) {
                return measuredDrawKw;
            }
            SiteConfig.Miners m = config.miners();
            double awake = m.wattsEach() == 0 ? m.count() : Math.min(m.count(), miningKw * 1000 / m.wattsEach());
            return miningKw + (m.count() - awake) * standbyWEach / 1000;
        }

        double coolingKw() {
            SiteConfig.Cooling c = config.cooling();
            return c.capacityKw() * Math.max(0, 1 - c.deratePerC() * Math.max(0, ambientC - c.ratedAmbientC()));
        }

        double feedKw() {
            return itW / 1000 * config.coolingOverhead() + miningDrawKw();
        }
    }

    static final class RackP {
        final HallP hall;
        final double limitKw;
        double itW;

        RackP(HallP hall, double limitKw) {
            this.hall = hall;
            this.limitKw = limitKw;
        }
    }

    static final class NodeP {
        final RackP rack;
        final double[] limitW;
        final String[] podOf;

        NodeP(RackP rack, int gpus, double defaultW) {
            this.rack = rack;
            this.limitW = new double[gpus];
            this.podOf = new String[gpus];
            java.util.Arrays.fill(limitW, defaultW);
        }
    }

    /** A running pod: where, and what it costs. */
    record PodP(NodeP node, int[] gpus, double itW, double drawW) {
    }

    final double gridKw;
    final List<HallP> halls = new ArrayList<>();
    final Map<String, HallP> hallsByName = new HashMap<>();
    final Map<String, NodeP> nodes = new HashMap<>();
    private final Map<String, PodP> pods = new HashMap<>();
    /** Racks whose load rose since the last check. */
    private final java.util.Set<RackP> dirty = new java.util.HashSet<>();
    long powerViolations;
    long coolingViolations;
    String firstViolation;

    /** @param withMiners whether the miners stay on site (asleep they still draw their standby) */
    Plant(SiteConfig site, boolean withMiners) {
        this.gridKw = site.site().gridKw();
        for (SiteConfig.HallConfig hc : site.halls()) {
            HallP h = new HallP(hc, withMiners);
            halls.add(h);
            hallsByName.put(hc.name(), h);
            for (int r = 0; r < hc.racks().count(); r++) {
                RackP rack = new RackP(h, hc.racks().limitKw());
                for (int n = 0; n < hc.racks().nodesPerRack(); n++) {
                    nodes.put(nodeName(hc.name(), r, n), new NodeP(rack, hc.gpu().perNode(), hc.gpu().defaultW()));
                }
            }
        }
    }

    static String rackName(String hall, int r) {
        return hall + "-r" + r;
    }

    static String nodeName(String hall, int r, int n) {
        return rackName(hall, r) + "-n" + n;
    }

    /** Apply a cap; returns the key of the pod running on that GPU (its cost and speed change), or null. */
    String setCap(String node, int gpu, double watts) {
        NodeP n = nodes.get(node);
        n.limitW[gpu] = watts;
        String pod = n.podOf[gpu];
        if (pod != null) {
            PodP p = pods.get(pod);
            List<Integer> gpus = new ArrayList<>();
            for (int g : p.gpus()) {
                gpus.add(g);
            }
            stop(pod);
            start(pod, node, gpus);
        }
        return pod;
    }

    /** The lowest cap fraction among a running pod's GPUs. */
    double capFraction(String podKey) {
        PodP p = pods.get(podKey);
        double f = 1;
        for (int g : p.gpus()) {
            f = Math.min(f, p.node().limitW[g] / p.node().rack.hall.config.gpu().maxW());
        }
        return f;
    }

    /** Start a pod on GPUs at their current limits. */
    void start(String podKey, String node, List<Integer> gpus) {
        NodeP n = nodes.get(node);
        HallP h = n.rack.hall;
        SiteConfig.Gpu spec = h.config.gpu();
        double host = h.config.hostOverheadW() * gpus.size() / spec.perNode();
        double it = host;
        double draw = host;
        int[] idx = new int[gpus.size()];
        for (int i = 0; i < idx.length; i++) {
            int g = gpus.get(i);
            if (n.podOf[g] != null) {
                throw new IllegalStateException("GPU " + node + "/" + g + " bound twice");
            }
            n.podOf[g] = podKey;
            idx[i] = g;
            double f = n.limitW[g] / spec.maxW();
            it += n.limitW[g];
            draw += spec.maxW() * CapCurve.draw(f);
        }
        pods.put(podKey, new PodP(n, idx, it, draw));
        add(n, it, draw);
        dirty.add(n.rack);
    }

    void stop(String podKey) {
        PodP p = pods.remove(podKey);
        if (p == null) {
            return;
        }
        for (int g : p.gpus()) {
            p.node().podOf[g] = null;
        }
        add(p.node(), -p.itW(), -p.drawW());
    }

    boolean running(String podKey) {
        return pods.containsKey(podKey);
    }

    private static void add(NodeP n, double itW, double drawW) {
        n.rack.itW += itW;
        n.rack.hall.itW += itW;
        n.rack.hall.drawW += drawW;
    }

    /** Check every limit now; returns the number of limits exceeded. */
    int check(String when) {
        int found = 0;
        double siteKw = 0;
        for (HallP h : halls) {
            siteKw += h.feedKw();
            if (h.feedKw() > h.config.feedKw() + 1e-6) {
                found += violation(true, when + ": hall " + h.config.name() + " feed " + h.feedKw() + " kW > "
                    + h.config.feedKw());
            }
            double heat = h.itW / 1000 + h.miningDrawKw();
            if (heat > h.coolingKw() + 1e-6) {
                found += violation(false, when + ": hall " + h.config.name() + " heat " + heat + " kW > cooling "
                    + h.coolingKw());
            }
        }
        if (siteKw > gridKw + 1e-6) {
            found += violation(true, when + ": site " + siteKw + " kW > " + gridKw);
        }
        for (RackP r : dirty) {
            if (r.itW / 1000 > r.limitKw + 1e-6) {
                found += violation(true, when + ": a rack of " + r.hall.config.name() + " at " + r.itW / 1000
                    + " kW > " + r.limitKw);
            }
        }
        dirty.clear();
        return found;
    }

    private int violation(boolean power, String what) {
        if (power) {
            powerViolations++;
        } else {
            coolingViolations++;
        }
        if (firstViolation == null) {
            firstViolation = what;
        }
        return 1;
    }
}
