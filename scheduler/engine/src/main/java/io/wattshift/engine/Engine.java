package io.wattshift.engine;

import io.wattshift.engine.model.HallSpec;
import io.wattshift.engine.model.HallView;
import io.wattshift.engine.model.JobKind;
import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.JobView;
import io.wattshift.engine.model.Market;
import io.wattshift.engine.model.MiningReport;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.NodeTelemetry;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.SiteSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The placement engine: power, cooling and GPUs for AI jobs, idle power for mining.
 *
 * <p><b>Threading.</b> Not thread-safe, by design: one owner thread (the scheduler's scheduling context, or the
 * simulator's loop) calls every method. Adapters hand events to that thread; the engine has no locks.
 *
 * <p><b>Driving it.</b> Feed inputs as they arrive (topology, telemetry, jobs, bind results, mining reports), then
 * call {@link #step()} and apply the decisions it returns in order. Inputs only change the books; every decision
 * comes out of {@code step()}, which is deterministic for a given sequence of inputs and clock readings.
 *
 * <p><b>Units.</b> Power in kW at hall, rack and site level, W per GPU and per pod; temperatures in degrees C.
 *
 * <p><b>Invariant.</b> For every rack, hall and site: committed AI power + mining + miner standby + reserve &lt;=
 * limit, and hall heat &lt;= cooling at the current ambient. Binds happen only when that holds with mining counted
 * at its unconfirmed level; if a limit falls under what is committed, the next step sheds (mining, waiting gangs,
 * caps, preemptible jobs, then any job; standby cannot be shed).
 *
 * <p><b>Idempotency.</b> Upserts replace, removes of unknown ids are ignored, reports about pods the engine no
 * longer tracks are ignored.
 */
public final class Engine {
    static final double EPS_KW = 1e-6;
    static final double EPS_W = 1e-3;

    private final State s;
    private final Evictions evictions;
    private final Inventory inventory;
    private final Mining mining;
    private final Enforcer enforcer;
    private final Admission admission;
    private final PricePauses pauses;

    public Engine(Clock clock, Policy policy) {
        this.s = new State(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(policy, "policy"));
        this.evictions = new Evictions(s);
        this.inventory = new Inventory(s, evictions);
        this.pauses = new PricePauses(s, evictions);
        s.pauses = pauses;
        this.mining = new Mining(s);
        this.enforcer = new Enforcer(s, mining, evictions);
        this.admission = new Admission(s, mining, new Preemptor(s, evictions), new Explainer(s));
    }

    // ---- topology -------------------------------------------------------------------------------------------

    /** Add or replace a site. Lowering its limit makes the next step shed. */
    public void upsertSite(SiteSpec site) {
        inventory.upsertSite(site);
    }

    /** Remove a site with its halls and their nodes. */
    public void removeSite(String name) {
        inventory.removeSite(name);
        pauses.topologyChanged();
    }

    /** Add or replace a hall; its site must exist. @throws IllegalArgumentException for an unknown site */
    public void upsertHall(HallSpec hall) {
        inventory.upsertHall(hall);
        pauses.topologyChanged();
    }

    /** Remove a hall with its nodes (their pods are lost). */
    public void removeHall(String name) {
        inventory.removeHall(name);
        pauses.topologyChanged();
    }

    /** The outside temperature of a hall changed, degrees C; its cooling capacity follows. */
    public void updateAmbient(String hall, double celsius) {
        inventory.updateAmbient(hall, celsius);
    }

    /**
     * Add or replace a node; its hall and rack must exist. A node counts at nameplate power until its first
     * telemetry. Replacing a node with a different spec loses its pods. @throws IllegalArgumentException
     */
    public void upsertNode(NodeSpec node) {
        inventory.upsertNode(node);
        pauses.topologyChanged();
    }

    /** A node was deleted or lost: its pods are gone; training gangs with a worker there restart whole. */
    public void removeNode(String name) {
        inventory.removeNode(name);
        pauses.topologyChanged();
    }

    /** Apply a telemetry sample. Returns false when the node is unknown (the sample is dropped). */
    public boolean updateTelemetry(NodeTelemetry telemetry) {
        return inventory.updateTelemetry(telemetry, s.clock.instant());
    }

    /**
     * The node daemon reports that a cap did not take: GPU {@code gpu} of {@code node} enforces {@code enforcedW}
     * (e.g. an H100 asked for 150 W stays at 200 W). Its pod is booked at that, the GPU is not capped below it again
     * until telemetry shows it enforcing less, and the next step restores every limit the higher draw breaks.
     * False for an unknown node or GPU.
     */
    public boolean capRefused(String node, int gpu, double enforcedW) {
        return inventory.capRefused(node, gpu, enforcedW);
    }

    public void setPolicy(Policy policy) {
        s.policy = Objects.requireNonNull(policy, "policy");
        s.policyChanged = true;
        s.limitsDirty = true;
        s.capacityFreed = true;
    }

    public Policy policy() {
        return s.policy;
    }

    /**
     * New energy price and hashprice for every site without a market of its own; the next step grants or releases
     * mining and suspends or resumes preemptible work accordingly. AI placement and price pauses compare this one.
     */
    public void updateMarket(Market market) {
        s.market = Objects.requireNonNull(market, "market");
    }

    /**
     * A site's own market (several sites, each with its own feed): its halls' mining follows it. An unknown site is
     * ignored (returns false).
     */
    public boolean updateMarket(String site, Market market) {
        Objects.requireNonNull(market, "market");
        Site sb = s.books.sites.get(site);
        if (sb == null) {
            return false;
        }
        sb.market = market;
        return true;
    }

    // ---- jobs -----------------------------------------------------------------------------------------------

    /** Queue a job. Submitting a key that exists already is ignored (returns false). */
    public boolean submit(JobSpec job) {
        if (s.jobs.containsKey(job.key())) {
            return false;
        }
        Job j = new Job(job, s.seq++);
        s.jobs.put(job.key(), j);
        s.queue.enqueue(j);
        return true;
    }

    /** The job finished or was deleted: everything it holds is free at once. Unknown keys are ignored. */
    public void removeJob(String key) {
        Job job = s.jobs.remove(key);
        if (job == null) {
            return;
        }
        s.queue.remove(job);
        s.permits.remove(job);
        for (Pod p : job.pods) {
            s.books.release(p);
            s.assumed.remove(p);
            p.state = Pod.State.PENDING;
        }
        s.capacityFreed = true;
    }

    /** The binding of a pod succeeded. */
    public void confirmBound(String job, int pod) {
        Pod p = pod(job, pod);
        if (p != null && p.state == Pod.State.ASSUMED) {
            p.state = Pod.State.BOUND;
            s.assumed.remove(p);
        }
    }

    /**
     * The binding of a pod failed. A gang not yet running gives back all its pods (the adapter deletes any it
     * bound) and retries after the policy's backoff; a running job retries that pod.
     */
    public void bindFailed(String job, int pod, String why) {
        Pod p = pod(job, pod);
        if (p == null || p.state != Pod.State.ASSUMED) {
            return;
        }
        failBind(p, s.clock.instant());
        p.job.lastReason = "bind of pod " + pod + " failed: " + why; // shown in job(key) until the next reason
    }

    /**
     * A pod found already bound (a new leader rebuilding its books from the API server): put it on the books on
     * that node, on free GPUs, at the job's cap or the GPUs' default limit. Call after {@link #submit}, before the
     * next {@link #step}. If that over-commits a limit (it changed while no leader ran), the next step sheds.
     *
     * @return the IT power now committed for the pod, W; empty when the job, pod or node is unknown, the pod
     *     already holds GPUs, or the node has too few free GPUs
     */
    public OptionalDouble adoptBound(String job, int pod, String node) {
        Pod p = pod(job, pod);
        Node n = s.books.nodes.get(node);
        if (p == null || n == null || p.holds() || n.free < p.job.spec.gpusPerPod()) {
            return OptionalDouble.empty();
        }
        int[] gpus = new int[p.job.spec.gpusPerPod()];
        for (int i = 0, k = 0; i < n.gpus.length && k < gpus.length; i++) {
            if (n.gpus[i].owner == null) {
                gpus[k++] = i;
            }
        }
        s.books.reserve(p, n, gpus, p.job.spec.gpuCapW());
        s.books.bind(p, s.clock.instant());
        p.state = Pod.State.BOUND;
        Job j = p.job;
        j.admitted = true;
        if (j.pendingPods() == 0) {
            s.queue.remove(j);
            j.state = Job.State.IDLE;
        }
        s.limitsDirty = true;
        return OptionalDouble.of(p.itW);
    }

    /** One pod is gone (finished, failed, deleted by someone else). Idempotent. */
    public void podFinished(String job, int pod) {
        Pod p = pod(job, pod);
        if (p != null) {
            evictions.podGone(p, "finished");
        }
    }

    // ---- mining ---------------------------------------------------------------------------------------------

    /** The fleet of a hall reached the lease set by the last curtailment. */
    public void curtailmentConfirmed(String hall) {
        Hall h = s.books.halls.get(hall);
        if (h != null) {
            mining.confirmed(h);
        }
    }

    /**
     * What a hall's fleet draws, standby of sleeping miners included; at or under its lease plus the fleet's
     * standby ({@link io.wattshift.engine.model.MinerFleetSpec#standbyKw()}) confirms a curtailment.
     */
    public void reportMining(MiningReport report) {
        Hall h = s.books.halls.get(report.hall());
        if (h != null) {
            mining.report(h, report.actualKw());
        }
    }

    // ---- the cycle ------------------------------------------------------------------------------------------

    /**
     * Run one scheduling cycle at the clock's current instant and return what to do, in order: restore limits
     * that fell, bind gangs whose power came free, place pending jobs in priority / fair-share / age order, then
     * grant or release mining.
     */
    public List<Decision> step() {
        Instant now = s.clock.instant();
        List<Decision> out = new ArrayList<>(evictions.outbox);
        evictions.outbox.clear();
        inventory.markStale(now);
        expireAssumed(now);
        if (s.limitsDirty) {
            s.limitsDirty = false;
            enforcer.restore(now, out);
        }
        pauses.step(out);
        if (s.capacityFreed) {
            s.capacityFreed = false;
            s.queue.unparkAll();
        }
        s.queue.releaseBackoff(now);
        mining.reissue(now, out);
        admission.admitPermits(now, out);
        admission.run(now, out);
        mining.plan(now, out);
        return out;
    }

    private void expireAssumed(Instant now) {
        Instant cutoff = now.minus(s.policy.assumeTimeout());
        List<Pod> expired = new ArrayList<>();
        for (Pod p : s.assumed) {
            if (p.assumedAt.isAfter(cutoff)) {
                break;
            }
            expired.add(p);
        }
        for (Pod p : expired) {
            if (p.state == Pod.State.ASSUMED) {
                failBind(p, now);
            }
        }
    }

    private void failBind(Pod p, Instant now) {
        Job job = p.job;
        s.assumed.remove(p);
        boolean running = false;
        for (Pod q : job.pods) {
            running |= q.state == Pod.State.BOUND;
        }
        if (!running || job.spec.kind() == JobKind.TRAINING) {
            for (Pod q : job.pods) {
                s.books.release(q);
                s.assumed.remove(q);
                q.state = Pod.State.PENDING;
            }
            job.admitted = false;
        } else {
            s.books.release(p);
            p.state = Pod.State.PENDING;
        }
        s.queue.remove(job);
        s.permits.remove(job);
        s.queue.backoff(job, now.plus(s.policy.backoff()));
        s.capacityFreed = true;
    }

    private Pod pod(String key, int index) {
        Job job = s.jobs.get(key);
        return job == null || index < 0 || index >= job.pods.length ? null : job.pods[index];
    }

    // ---- views ----------------------------------------------------------------------------------------------

    /** Live headroom of every hall. */
    public List<HallView> halls() {
        List<HallView> views = new ArrayList<>();
        double reserve = s.reserve();
        for (Hall h : s.books.halls.values()) {
            views.add(new HallView(h.name(), h.spec.feedKw(), h.spec.feedKw() * reserve, h.aiKw, h.permitKw,
                h.leaseKw, h.countedKw, h.standbyKw(), h.aiItKw + h.countedKw + h.standbyKw(), h.coolingKw(),
                Math.max(0, h.admitFreeKw(reserve, false)), h.gpus, h.freeGpus,
                h.verdict == null ? "" : h.verdict.reason()));
        }
        return views;
    }

    /** A job's state, or empty for an unknown key. */
    public Optional<JobView> job(String key) {
        Job job = s.jobs.get(key);
        if (job == null) {
            return Optional.empty();
        }
        int bound = 0;
        int pending = 0;
        for (Pod p : job.pods) {
            if (p.state == Pod.State.BOUND || p.state == Pod.State.ASSUMED) {
                bound++;
            } else if (p.state == Pod.State.PENDING) {
                pending++;
            }
        }
        return Optional.of(new JobView(key, job.state.name(), bound, pending, job.lastReason));
    }

    /**
     * Pods reserved by gangs waiting for a curtailment, as the binds they will become: they hold GPUs and power
     * that no decision has shown yet. Package-private: the property test needs them to judge an unschedulable job.
     */
    List<Decision.Bind> permitPods() {
        List<Decision.Bind> out = new ArrayList<>();
        for (Job job : s.permits) {
            for (Pod p : Admission.podsIn(job, Pod.State.PERMIT)) {
                List<Integer> gpus = new ArrayList<>(p.gpus.length);
                for (int g : p.gpus) {
                    gpus.add(g);
                }
                out.add(new Decision.Bind(job.key(), p.index, p.node.name, gpus, p.limitW, p.itW));
            }
        }
        return out;
    }

    /** Jobs the engine tracks (pending, waiting, running or being evicted). */
    public int jobCount() {
        return s.jobs.size();
    }

    /** Jobs waiting in the active, backoff and parked queues. */
    public int pendingCount() {
        return s.queue.activeSize() + s.queue.backoffSize() + s.queue.parkedSize();
    }
}
