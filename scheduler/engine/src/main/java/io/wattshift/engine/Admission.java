package io.wattshift.engine;

import io.wattshift.engine.constraints.Ask;
import io.wattshift.engine.constraints.Constraints;
import io.wattshift.engine.constraints.JobField;
import io.wattshift.engine.model.CappingMode;
import io.wattshift.engine.model.HallReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scheduling pass: jobs in queue order are filtered, scored and reserved (first without touching mining, then
 * counting curtailable mining as free), then bound at once or held as permits until their curtailment completes;
 * if nothing fits, lower-priority preemptible work is preempted; otherwise the job parks with its reasons.
 */
final class Admission {
    /** A job's reasons are recomputed at most this often while it keeps failing the same way. */
    private static final Duration REASON_REFRESH = Duration.ofSeconds(30);

    /**
     * Jobs of one shape fail alike within one pass (nothing is freed mid-pass), so the answer is memoised. A shape
     * is the number of pods placed together, whether preemption may help, and the value of every job field a
     * placement check reads ({@link Constraints#reads()}): two jobs equal in all of them are refused alike.
     */
    private record Shape(int pods, boolean preempt, List<Object> fields) {
    }

    /** The job fields the memo keys on, in a fixed order. */
    private final JobField[] shapeFields;

    private final State s;
    private final Mining mining;
    private final Preemptor preemptor;
    private final Explainer explainer;

    Admission(State s, Mining mining, Preemptor preemptor, Explainer explainer) {
        this.s = s;
        this.mining = mining;
        this.preemptor = preemptor;
        this.explainer = explainer;
        this.shapeFields = s.constraints.reads().toArray(new JobField[0]);
    }

    void run(Instant now, List<Decision> out) {
        Map<Shape, List<HallReason>> failed = new HashMap<>();
        Job job;
        while ((job = s.queue.poll(s.books::dominantShare)) != null) {
            attempt(job, now, out, failed);
        }
    }

    /** Gangs waiting for power bind once every level they touch has it physically. */
    void admitPermits(Instant now, List<Decision> out) {
        for (Job job : new ArrayList<>(s.permits)) {
            List<Pod> pods = podsIn(job, Pod.State.PERMIT);
            if (physicallyFits(pods)) {
                s.permits.remove(job);
                bind(job, pods, now, out);
                if (job.pendingPods() > 0) {
                    s.queue.enqueue(job);
                } else {
                    job.state = Job.State.IDLE;
                }
            }
        }
    }

    private void attempt(Job job, Instant now, List<Decision> out, Map<Shape, List<HallReason>> failed) {
        List<Pod> pending = podsIn(job, Pod.State.PENDING);
        if (pending.isEmpty()) {
            job.state = Job.State.IDLE;
            return;
        }
        job.awaitingVictims.removeIf(v -> {
            Job victim = s.jobs.get(v);
            return victim == null || victim.state != Job.State.TERMINATING;
        });
        if (!job.awaitingVictims.isEmpty()) {
            s.queue.park(job);
            return;
        }
        if (s.pauses.holds(job)) {
            fail(job, List.of(s.pauses.reason(job)), now, out);
            return;
        }
        if (!job.admitted || runningPods(job) == 0) {
            List<Pod> gang = pending.subList(0, Math.min(pending.size(), job.spec.minAvailable()));
            if (!admit(job, new ArrayList<>(gang), true, now, out, failed) || job.state == Job.State.PERMIT) {
                return;
            }
        }
        for (Pod pod : pending) {
            if (pod.state == Pod.State.PENDING
                && (!admit(job, List.of(pod), false, now, out, failed) || job.state == Job.State.PERMIT)) {
                return;
            }
        }
        job.state = Job.State.IDLE;
    }

    /** Place {@code pods} all or none; true when they are bound or hold a permit. Parks the job otherwise. */
    private boolean admit(Job job, List<Pod> pods, boolean mayPreempt, Instant now, List<Decision> out,
                          Map<Shape, List<HallReason>> failed) {
        double quota = s.policy.quotaKw(job.spec.tenant());
        double used = s.books.tenantKw(job.spec.tenant());
        if (used >= quota) {
            fail(job, List.of(explainer.quota(job, 0, used, quota)), now, out);
            return false;
        }
        Shape shape = shape(job, pods.size(), mayPreempt);
        List<HallReason> known = failed.get(shape);
        if (known != null) {
            fail(job, known, now, out);
            return false;
        }
        boolean placed = tryPlace(job, pods);
        if (placed) {
            double after = s.books.tenantKw(job.spec.tenant());
            if (after > quota + Engine.EPS_KW) {
                s.placer.rollback(pods);
                fail(job, List.of(explainer.quota(job, after - used, used, quota)), now, out);
                return false;
            }
            mining.curtailFor(job, now, out);
            if (physicallyFits(pods)) {
                bind(job, pods, now, out);
            } else {
                job.state = Job.State.PERMIT;
                s.permits.add(job);
            }
            return true;
        }
        if (mayPreempt && preemptor.tryPreempt(job, pods, out)) {
            s.queue.park(job);
            return false;
        }
        List<HallReason> reasons = explainer.explain(job, pods.size());
        failed.put(shape, reasons);
        fail(job, reasons, now, out);
        return false;
    }

    private Shape shape(Job job, int pods, boolean mayPreempt) {
        Ask ask = new Ask(job.spec, pods, Placer.desiredLimitW(job, s.policy), s.policy, false);
        Object[] values = new Object[shapeFields.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = shapeFields[i].value(ask);
        }
        return new Shape(pods, mayPreempt, Arrays.asList(values));
    }

    /**
     * Cheapest way first: as it is; then curtailing mining (it earns ~$100/MWh); then, when the policy
     * oversubscribes, capping the job's GPUs (AI work earns far more per MWh than mining), then both.
     */
    private boolean tryPlace(Job job, List<Pod> pods) {
        boolean lease = anyLease();
        if (s.placer.place(job, pods, s.policy, false, false) || (lease && s.placer.place(job, pods, s.policy, true,
            false))) {
            return true;
        }
        if (s.policy.capping() != CappingMode.OVERSUBSCRIBE) {
            return false;
        }
        return s.placer.place(job, pods, s.policy, false, true) || (lease && s.placer.place(job, pods, s.policy,
            true, true));
    }

    private void fail(Job job, List<HallReason> reasons, Instant now, List<Decision> out) {
        s.queue.park(job);
        Decision.Unschedulable u = new Decision.Unschedulable(job.key(), reasons);
        String msg = u.message();
        boolean fresh = job.reasonAt == null || !job.reasonAt.plus(REASON_REFRESH).isAfter(now);
        if (!msg.equals(job.lastReason) && (fresh || job.lastReason == null)) {
            job.lastReason = msg;
            job.reasonAt = now;
            out.add(u);
        }
    }

    private void bind(Job job, List<Pod> pods, Instant now, List<Decision> out) {
        for (Pod pod : pods) {
            Node node = pod.node;
            double limit = 0;
            for (int i : pod.gpus) {
                Gpu gpu = node.gpus[i];
                double target = pod.limitW > 0 ? gpu.spec.clamp(pod.limitW) : gpu.spec.powerLimitW();
                if (gpu.limitW != target) {
                    gpu.limitW = target;
                    out.add(new Decision.SetPowerCap(node.name, i, target));
                }
                limit = target;
            }
            s.books.bind(pod, now);
            s.assumed.add(pod);
            List<Integer> gpus = new ArrayList<>(pod.gpus.length);
            for (int i : pod.gpus) {
                gpus.add(i);
            }
            out.add(new Decision.Bind(job.key(), pod.index, node.name, gpus, limit, pod.itW));
        }
        job.admitted = true;
        job.lastReason = null;
    }

    private boolean physicallyFits(List<Pod> pods) {
        Map<Hall, double[]> perHall = new LinkedHashMap<>();
        Map<Site, Double> perSite = new LinkedHashMap<>();
        for (Pod p : pods) {
            Hall h = p.node.hall;
            double[] kw = perHall.computeIfAbsent(h, x -> new double[2]);
            kw[0] += Books.feedKw(h, p.itW);
            kw[1] += p.itW / 1000;
            perSite.merge(h.site, Books.feedKw(h, p.itW), Double::sum);
        }
        double reserve = s.reserve();
        for (Map.Entry<Hall, double[]> e : perHall.entrySet()) {
            if (!e.getKey().physicallyFits(reserve, e.getValue()[0], e.getValue()[1])) {
                return false;
            }
        }
        for (Map.Entry<Site, Double> e : perSite.entrySet()) {
            if (!e.getKey().physicallyFits(reserve, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private boolean anyLease() {
        for (Hall h : s.books.halls.values()) {
            if (h.leaseKw > Engine.EPS_KW) {
                return true;
            }
        }
        return false;
    }

    private static int runningPods(Job job) {
        int n = 0;
        for (Pod p : job.pods) {
            if (p.state == Pod.State.ASSUMED || p.state == Pod.State.BOUND) {
                n++;
            }
        }
        return n;
    }

    static List<Pod> podsIn(Job job, Pod.State state) {
        List<Pod> list = new ArrayList<>();
        for (Pod p : job.pods) {
            if (p.state == state) {
                list.add(p);
            }
        }
        return list;
    }
}
