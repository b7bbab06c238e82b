package io.wattshift.engine;

import io.wattshift.engine.constraints.HallState;
import io.wattshift.engine.model.HallSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A hall's live books. Power at the feed (kW): {@code aiKw} (assumed and bound pods, with cooling overhead),
 * {@code permitKw} (pods reserved by gangs waiting for a curtailment), {@code leaseKw} (what mining may draw),
 * {@code countedKw} (what the engine counts for mining: the old lease until a cut is confirmed) and
 * {@link #standbyKw()} (the miners' standby: base load no lease or curtailment changes). Heat (kW): the IT power
 * of the same pods plus counted mining plus standby.
 *
 * <p>Two views of free power: the <em>admission</em> view {@code limit - ai - permit - lease - standby}
 * (promises, used to place), and the <em>physical</em> view {@code limit - ai - counted - standby} (what a bind may
 * use right now).
 */
final class Hall implements HallState {
    /** Racks ordered by the free kW they were filed under, then name. */
    static final Comparator<Rack> BY_FREE_KW =
        Comparator.comparingDouble((Rack r) -> r.indexedFreeKw).thenComparing(r -> r.name);

    HallSpec spec;
    Site site;
    final Map<String, Rack> racks = new LinkedHashMap<>();
    final Set<Node> nodes = new LinkedHashSet<>();
    double ambientC;
    double aiKw;
    double aiItKw;
    double permitKw;
    double permitItKw;
    double leaseKw;
    double countedKw;
    /** The market room's last word on this hall's mining (null before the first plan). */
    io.wattshift.engine.economics.MiningVerdict verdict;
    Instant leaseSince;
    Instant offSince;
    Instant curtailIssuedAt;
    /** The lease is mining this engine found drawing ({@code Mining.adopt}), not one it granted: it follows the draw down. */
    boolean leaseAdopted;
    int gpus;
    int freeGpus;
    /** Lowest settable GPU limit among the hall's nodes, W: a lower bound on what one GPU commits. */
    double minGpuW = Double.POSITIVE_INFINITY;
    /** racksByG.get(g) = racks having a node with at least g free GPUs. */
    final List<TreeSet<Rack>> racksByG = new ArrayList<>();

    Hall(HallSpec spec) {
        this.spec = spec;
        this.ambientC = spec.cooling().ratedAmbientC();
        racksByG.add(new TreeSet<>(BY_FREE_KW));
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public int gpus() {
        return gpus;
    }

    @Override
    public int freeGpus() {
        return freeGpus;
    }

    @Override
    public double coolingOverhead() {
        return spec.coolingOverhead();
    }

    @Override
    public String siteName() {
        return site.spec.name();
    }

    @Override
    public double siteEffLimitKw(double reserve) {
        return site.effLimitKw(reserve);
    }

    @Override
    public double siteAdmitFreeKw(double reserve, boolean curtail) {
        return site.admitFreeKw(reserve, curtail);
    }

    @Override
    public Iterable<Node> nodeStates() {
        return nodes;
    }

    @Override
    public double effLimitKw(double reserveFraction) {
        return spec.feedKw() * (1 - reserveFraction);
    }

    @Override
    public double coolingKw() {
        return spec.cooling().capacityAt(ambientC);
    }

    /** What the hall's miners draw asleep, kW (feed and heat alike: a miner has no cooling overhead of its own). */
    double standbyKw() {
        return spec.miners().standbyKw();
    }

    /** Feed power free for placement: promises included; mining counted as available when {@code curtail}. */
    @Override
    public double admitFreeKw(double reserve, boolean curtail) {
        return effLimitKw(reserve) - aiKw - permitKw - standbyKw() - (curtail ? 0 : leaseKw);
    }

    @Override
    public double admitHeatFreeKw(boolean curtail) {
        return coolingKw() - aiItKw - permitItKw - standbyKw() - (curtail ? 0 : leaseKw);
    }

    /** Whether {@code feedKw} / {@code itKw} more may bind now, with mining counted as the engine counts it. */
    boolean physicallyFits(double reserve, double feedKw, double itKw) {
        return aiKw + feedKw + countedKw + standbyKw() <= effLimitKw(reserve) + Engine.EPS_KW
            && aiItKw + itKw + countedKw + standbyKw() <= coolingKw() + Engine.EPS_KW;
    }

    /** Feed power over the limit with every promise and the standby counted, kW (negative: room left). */
    double feedOverKw(double reserve) {
        return aiKw + permitKw + leaseKw + standbyKw() - effLimitKw(reserve);
    }

    /** Heat over cooling with every promise and the standby counted, kW of heat (negative: room left). */
    double heatOverKw() {
        return aiItKw + permitItKw + leaseKw + standbyKw() - coolingKw();
    }

    /** Take a rack out of the index before its free kW or free GPUs change. */
    void unindex(Rack r) {
        for (int g = 1; g <= r.indexedMaxFree; g++) {
            racksByG.get(g).remove(r);
        }
        r.indexedMaxFree = 0;
    }

    /** File a rack under its current free kW and free GPUs. */
    void index(Rack r) {
        r.indexedFreeKw = r.freeKw();
        r.indexedMaxFree = r.maxFree();
        while (racksByG.size() <= r.indexedMaxFree) {
            racksByG.add(new TreeSet<>(BY_FREE_KW));
        }
        for (int g = 1; g <= r.indexedMaxFree; g++) {
            racksByG.get(g).add(r);
        }
    }

    @Override
    public TreeSet<Rack> racksWithFree(int g) {
        return g < racksByG.size() ? racksByG.get(g) : racksByG.get(0);
    }
}
