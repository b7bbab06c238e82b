package io.wattshift.engine;

import io.wattshift.engine.model.CappingMode;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.Strategy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;

/**
 * Filter and score: finds GPUs for pods within every rack, hall, site and cooling limit and reserves them as
 * permits in {@link Books}. A gang is reserved whole or not at all. Uses the free-kW / free-GPU rack index, so a
 * pod costs a few index look-ups, not a scan of the nodes.
 */
final class Placer {
    /** Nodes scored per free-GPU bucket once one fits (thermal, stale); bounded so placement stays cheap. */
    private static final int CANDIDATES = 4;

    private final Books books;
    private final Rack probe = new Rack("", null, 0);
    /** Whether the current {@link #place} call may oversubscribe (set per call; one owner thread). */
    private boolean capped;
    /** Whether pods go where they commit least power (the retry of a gang the greedy packing could not fit). */
    private boolean lean;

    Placer(Books books) {
        this.books = books;
    }

    /**
     * Reserve {@code pods} of {@code job} (all or none) as permits.
     *
     * @param curtail whether mining leases count as available (the caller then curtails before binding)
     * @param capped  in {@link CappingMode#OVERSUBSCRIBE}, whether pods may be capped below their limit to fit
     * @return true when every pod was reserved
     */
    boolean place(Job job, List<Pod> pods, Policy policy, boolean curtail, boolean capped) {
        this.capped = capped;
        this.lean = false;
        if (placeTopology(job, pods, policy, curtail)) {
            return true;
        }
        if (pods.size() < 2) {
            return false;
        }
        // The greedy packing (fullest node, or the emptiest rack, first) can spend a tight hall's power on nodes
        // whose host overhead per GPU is high and strand the gang's last pods. Before giving up (and before anyone
        // concludes mining or preemption is needed), place each pod where it draws the least at the feed instead.
        this.lean = true;
        return placeTopology(job, pods, policy, curtail);
    }

    private boolean placeTopology(Job job, List<Pod> pods, Policy policy, boolean curtail) {
        int total = pods.size() * job.spec.gpusPerPod();
        List<Hall> halls = orderedHalls(policy, curtail);
        switch (job.spec.topology()) {
            case ANY:
                return placeAll(job, pods, halls, null, policy, curtail);
            case SAME_HALL:
                for (Hall hall : halls) {
                    if (hall.freeGpus >= total && placeAll(job, pods, List.of(hall), null, policy, curtail)) {
                        return true;
                    }
                }
                return false;
            default:
                for (Hall hall : halls) {
                    for (Rack rack : hall.racks.values()) {
                        if (rack.freeGpus >= total
                            && placeAll(job, pods, List.of(hall), rack, policy, curtail)) {
                            return true;
                        }
                    }
                }
                return false;
        }
    }

    /** Release a reservation made by {@link #place}. */
    void rollback(List<Pod> pods) {
        for (Pod p : pods) {
            if (p.state == Pod.State.PERMIT) {
                books.release(p);
                p.state = Pod.State.PENDING;
            }
        }
    }

    private boolean placeAll(Job job, List<Pod> pods, List<Hall> halls, Rack only, Policy policy, boolean curtail) {
        List<Pod> done = new ArrayList<>(pods.size());
        for (Pod pod : pods) {
            boolean placed = false;
            if (lean) {
                placed = placeLeanest(pod, halls, only, policy, curtail);
            } else {
                for (Hall hall : halls) {
                    if (placeInHall(pod, hall, only, policy, curtail)) {
                        placed = true;
                        break;
                    }
                }
            }
            if (!placed) {
                rollback(done);
                return false;
            }
            done.add(pod);
        }
        return true;
    }

    private List<Hall> orderedHalls(Policy policy, boolean curtail) {
        Collection<Hall> all = books.halls.values();
        if (all.size() <= 1) {
            return List.copyOf(all);
        }
        double reserve = policy.reserveFraction();
        Comparator<Hall> byFree = Comparator.comparingDouble((Hall h) -> h.admitFreeKw(reserve, curtail));
        if (policy.strategy() == Strategy.SPREAD) {
            byFree = byFree.reversed();
        }
        List<Hall> halls = new ArrayList<>(all);
        halls.sort(byFree.thenComparing(Hall::name));
        return halls;
    }

    /** Per-GPU limit the policy and the job ask for, W; 0 = each GPU's default. */
    static double desiredLimitW(Job job, Policy policy) {
        double cap = job.spec.gpuCapW();
        if (policy.capping() == CappingMode.FIXED) {
            cap = cap > 0 ? Math.min(cap, policy.fixedCapW()) : policy.fixedCapW();
        }
        return cap;
    }

    /** IT power budget left for AI in a hall, W: the tightest of hall feed, site interconnect and cooling. */
    static double itBudgetW(Hall hall, Policy policy, boolean curtail) {
        double reserve = policy.reserveFraction();
        double feed = Math.min(hall.admitFreeKw(reserve, curtail), hall.site.admitFreeKw(reserve, curtail));
        double heat = hall.admitHeatFreeKw(curtail);
        return Math.min(feed / hall.spec.coolingOverhead(), heat) * 1000;
    }

    /** The lowest a GPU of this hall could commit for this job, W: a lower bound for the rack index. */
    static double lowerGpuW(Hall hall, Job job, Policy policy) {
        if (policy.capping() == CappingMode.OVERSUBSCRIBE) {
            return hall.minGpuW;
        }
        double desired = desiredLimitW(job, policy);
        return desired > 0 ? Math.min(desired, hall.minGpuW) : hall.minGpuW;
    }

    private boolean placeInHall(Pod pod, Hall hall, Rack only, Policy policy, boolean curtail) {
        int g = pod.job.spec.gpusPerPod();
        if (hall.freeGpus < g) {
            return false;
        }
        double budgetW = itBudgetW(hall, policy, curtail);
        double lowerW = g * lowerGpuW(hall, pod.job, policy);
        if (budgetW + Engine.EPS_W < lowerW) {
            return false;
        }
        if (only != null) {
            return only.hall == hall && only.maxFree() >= g && tryRack(pod, only, budgetW, policy);
        }
        NavigableSet<Rack> racks = hall.racksWithFree(g);
        probe.indexedFreeKw = lowerW / 1000 - Engine.EPS_KW;
        if (policy.strategy() == Strategy.SPREAD) {
            for (Rack r : racks.descendingSet()) {
                if (r.indexedFreeKw < probe.indexedFreeKw) {
                    return false;
                }
                if (tryRack(pod, r, budgetW, policy)) {
                    return true;
                }
            }
            return false;
        }
        for (Rack r : racks.tailSet(probe, false)) {
            if (tryRack(pod, r, budgetW, policy)) {
                return true;
            }
        }
        return false;
    }

    private boolean tryRack(Pod pod, Rack rack, double hallBudgetW, Policy policy) {
        Job job = pod.job;
        int g = job.spec.gpusPerPod();
        double limitW = Math.min(rack.freeKw() * 1000, hallBudgetW) + Engine.EPS_W;
        double desired = desiredLimitW(job, policy);
        boolean binpack = policy.strategy() == Strategy.BINPACK;
        int max = rack.byFree.size() - 1;
        Node bestNode = null;
        int[] bestIdx = null;
        double bestLimit = 0;
        int bestScore = Integer.MAX_VALUE;
        for (int step = 0; step <= max - g && bestNode == null; step++) {
            int k = binpack ? g + step : max - step;
            int seen = 0;
            for (Node node : rack.byFree.get(k)) {
                if (seen++ >= CANDIDATES && bestNode != null) {
                    break;
                }
                int[] idx = node.chooseGpus(g);
                double chosen = desired;
                if (node.podItW(idx, desired) > limitW) {
                    chosen = capped ? oversubscribedCap(node, idx, limitW, desired, policy) : -1;
                    if (chosen < 0) {
                        continue;
                    }
                }
                int score = node.hotCount(idx, policy.thermalMarginC()) * 10 + (node.stale ? 5 : 0)
                    + (chosen != desired ? 1 : 0);
                if (score < bestScore) {
                    bestScore = score;
                    bestNode = node;
                    bestIdx = idx;
                    bestLimit = chosen;
                }
                if (score == 0) {
                    break;
                }
            }
        }
        if (bestNode == null) {
            return false;
        }
        books.reserve(pod, bestNode, bestIdx, bestLimit);
        return true;
    }

    /** Where a pod could go in lean mode, and what it would draw at the feed (IT x the hall's cooling overhead). */
    private record Choice(Node node, int[] idx, double limitW, double feedW) {
    }

    /** Reserve the pod on the node, of any of {@code halls}, where it draws the least power at the feed. */
    private boolean placeLeanest(Pod pod, List<Hall> halls, Rack only, Policy policy, boolean curtail) {
        Choice best = null;
        for (Hall hall : halls) {
            Choice c = cheapestIn(pod, hall, only, policy, curtail);
            if (c != null && (best == null || c.feedW() < best.feedW())) {
                best = c;
            }
        }
        if (best == null) {
            return false;
        }
        books.reserve(pod, best.node(), best.idx(), best.limitW());
        return true;
    }

    /** The node of the hall (or of {@code only}) where the pod fits drawing the least, or null. */
    private Choice cheapestIn(Pod pod, Hall hall, Rack only, Policy policy, boolean curtail) {
        int g = pod.job.spec.gpusPerPod();
        if (hall.freeGpus < g || (only != null && only.hall != hall)) {
            return null;
        }
        double hallBudgetW = itBudgetW(hall, policy, curtail);
        if (hallBudgetW + Engine.EPS_W < g * lowerGpuW(hall, pod.job, policy)) {
            return null;
        }
        double desired = desiredLimitW(pod.job, policy);
        Choice best = null;
        for (Rack rack : only != null ? List.of(only) : hall.racksWithFree(g)) {
            double limitW = Math.min(rack.freeKw() * 1000, hallBudgetW) + Engine.EPS_W;
            for (int k = g; k < rack.byFree.size(); k++) {
                for (Node node : rack.byFree.get(k)) {
                    int[] idx = node.chooseGpus(g);
                    double chosen = desired;
                    double w = node.podItW(idx, desired);
                    if (w > limitW) {
                        chosen = capped ? oversubscribedCap(node, idx, limitW, desired, policy) : -1;
                        if (chosen < 0) {
                            continue;
                        }
                        w = node.podItW(idx, chosen);
                    }
                    double feedW = w * hall.spec.coolingOverhead();
                    if (best == null || feedW < best.feedW()) {
                        best = new Choice(node, idx, chosen, feedW);
                    }
                }
            }
        }
        return best;
    }

    /**
     * In oversubscribe mode, the highest whole-watt cap that fits {@code limitW}, not below the GPUs' minimum nor
     * the policy floor ({@link Policy#fixedCapW()}); -1 when none fits. Stale nodes cannot be capped reliably.
     */
    private static double oversubscribedCap(Node node, int[] idx, double limitW, double desired, Policy policy) {
        if (policy.capping() != CappingMode.OVERSUBSCRIBE || node.stale) {
            return -1;
        }
        double cap = Math.floor((limitW - Engine.EPS_W - node.hostShareW(idx.length)) / idx.length);
        double floor = node.minSettableW(idx);
        double dflt = node.gpus[idx[0]].spec.powerLimitW();
        floor = Math.max(floor, Math.min(policy.fixedCapW(), dflt));
        if (cap < floor || (desired > 0 && cap >= desired)) {
            return -1;
        }
        return cap;
    }
}
