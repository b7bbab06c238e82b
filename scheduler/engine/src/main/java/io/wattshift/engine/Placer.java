package io.wattshift.engine;

import io.wattshift.engine.constraints.Ask;
import io.wattshift.engine.constraints.Constraint;
import io.wattshift.engine.constraints.Constraints;
import io.wattshift.engine.constraints.NodeFilter;
import io.wattshift.engine.constraints.NodeScore;
import io.wattshift.engine.constraints.PowerBudget;
import io.wattshift.engine.constraints.TopologyFit;
import io.wattshift.engine.model.CappingMode;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.Strategy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;

/**
 * Filter and score: finds GPUs for pods within every check of its {@link Constraints} (GPUs, rack, hall, site and
 * cooling budgets, topology, node filters; scored by thermal and stale penalties) and reserves them as permits in
 * {@link Books}. A gang is reserved whole or not at all. Uses the free-kW / free-GPU rack index, so a pod costs a
 * few index look-ups, not a scan of the nodes.
 */
final class Placer {
    /** Nodes scored per free-GPU bucket once one fits (thermal, stale); bounded so placement stays cheap. */
    private static final int CANDIDATES = 4;

    private final Books books;
    private final Constraint[] hallPrunes;
    private final PowerBudget[] budgets;
    private final NodeFilter[] nodeFilters;
    private final NodeScore[] scores;
    private final TopologyFit topology;
    private final Rack probe = new Rack("", null, 0);
    /** What the current {@link #place} call places (set per call; one owner thread). */
    private Ask ask;
    /** Whether the current {@link #place} call may oversubscribe (set per call; one owner thread). */
    private boolean capped;
    /** Whether pods go where they commit least power (the retry of a gang the greedy packing could not fit). */
    private boolean lean;

    Placer(Books books, Constraints constraints) {
        this.books = books;
        this.hallPrunes = constraints.hallPrunes().toArray(new Constraint[0]);
        this.budgets = constraints.budgets().toArray(new PowerBudget[0]);
        this.nodeFilters = constraints.nodeFilters().toArray(new NodeFilter[0]);
        this.scores = constraints.scores().toArray(new NodeScore[0]);
        this.topology = constraints.topology();
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
        this.ask = new Ask(job.spec, pods.size(), desiredLimitW(job, policy), policy, curtail);
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
        List<Hall> halls = orderedHalls(policy, curtail);
        switch (topology.scope(ask)) {
            case ANY:
                return placeAll(job, pods, halls, null, policy, curtail);
            case SAME_HALL:
                for (Hall hall : halls) {
                    if (topology.groupMayHold(ask, hall.freeGpus)
                        && placeAll(job, pods, List.of(hall), null, policy, curtail)) {
                        return true;
                    }
                }
                return false;
            default:
                for (Hall hall : halls) {
                    for (Rack rack : hall.racks.values()) {
                        if (topology.groupMayHold(ask, rack.freeGpus)
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

    /** IT power budget left for one more pod in a hall, W: the tightest hall-level budget (feed, site, cooling). */
    private double hallBudgetW(Hall hall) {
        double w = Double.POSITIVE_INFINITY;
        for (PowerBudget b : budgets) {
            w = Math.min(w, b.hallItW(ask, hall));
        }
        return w;
    }

    /** IT power one more pod may commit in a rack, W: the tightest of the hall's and the rack-level budgets. */
    private double rackBudgetW(Rack rack, double hallBudgetW) {
        double w = hallBudgetW;
        for (PowerBudget b : budgets) {
            w = Math.min(w, b.rackItW(ask, rack));
        }
        return w;
    }

    /**
     * Racks that may hold a pod of {@code g} GPUs: the index for GPU pods; every rack for a CPU-only pod (the
     * index files racks by free GPUs only, and CPU-only pods are few, so they take racks in hall order).
     */
    private static Iterable<Rack> racksFor(Hall hall, int g) {
        return g == 0 ? hall.racks.values() : hall.racksWithFree(g);
    }

    /** Whether every hall-level prune lets one pod of the ask into the hall. */
    private boolean hallMayHold(Hall hall) {
        for (Constraint c : hallPrunes) {
            if (!c.hallMayHold(ask, hall)) {
                return false;
            }
        }
        return true;
    }

    private boolean nodeFits(Node node) {
        for (NodeFilter f : nodeFilters) {
            if (!f.fits(ask, node)) {
                return false;
            }
        }
        return true;
    }

    private int penalty(Node node, int[] idx) {
        int p = 0;
        for (NodeScore sc : scores) {
            p += sc.penalty(ask, node, idx);
        }
        return p;
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
        if (!hallMayHold(hall)) {
            return false;
        }
        double budgetW = hallBudgetW(hall);
        double lowerW = g * lowerGpuW(hall, pod.job, policy);
        if (budgetW + Engine.EPS_W < lowerW) {
            return false;
        }
        if (only != null) {
            return only.hall == hall && only.maxFree() >= g && tryRack(pod, only, budgetW, policy);
        }
        if (g == 0) {
            for (Rack r : hall.racks.values()) {
                if (tryRack(pod, r, budgetW, policy)) {
                    return true;
                }
            }
            return false;
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
        double limitW = rackBudgetW(rack, hallBudgetW) + Engine.EPS_W;
        double desired = ask.desiredLimitW();
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
                if (!nodeFits(node)) {
                    continue;
                }
                int[] idx = node.chooseGpus(g);
                double chosen = desired;
                if (node.podItW(job.spec, idx, desired) > limitW) {
                    chosen = capped ? oversubscribedCap(node, idx, limitW, desired, policy) : -1;
                    if (chosen < 0) {
                        continue;
                    }
                }
                // a capped pod runs slower than asked: worse than any fit at the asked limit on the same node
                int score = penalty(node, idx) + (chosen != desired ? 1 : 0);
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
        if (!hallMayHold(hall) || (only != null && only.hall != hall)) {
            return null;
        }
        double hallBudgetW = hallBudgetW(hall);
        if (hallBudgetW + Engine.EPS_W < g * lowerGpuW(hall, pod.job, policy)) {
            return null;
        }
        double desired = ask.desiredLimitW();
        Choice best = null;
        for (Rack rack : only != null ? List.of(only) : racksFor(hall, g)) {
            double limitW = rackBudgetW(rack, hallBudgetW) + Engine.EPS_W;
            for (int k = g; k < rack.byFree.size(); k++) {
                for (Node node : rack.byFree.get(k)) {
                    if (!nodeFits(node)) {
                        continue;
                    }
                    int[] idx = node.chooseGpus(g);
                    double chosen = desired;
                    double w = node.podItW(pod.job.spec, idx, desired);
                    if (w > limitW) {
                        chosen = capped ? oversubscribedCap(node, idx, limitW, desired, policy) : -1;
                        if (chosen < 0) {
                            continue;
                        }
                        w = node.podItW(pod.job.spec, idx, chosen);
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
        if (policy.capping() != CappingMode.OVERSUBSCRIBE || node.stale || idx.length == 0) {
            return -1; // a CPU-only pod has no GPU to cap
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
