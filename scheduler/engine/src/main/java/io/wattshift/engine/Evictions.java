package io.wattshift.engine;

import io.wattshift.engine.model.JobKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Pods leaving: finished, lost with their node, failed to bind, or evicted. Keeps the gang rule: a training gang
 * that loses a worker is evicted whole and queued again, never left partly bound.
 */
final class Evictions {
    private final State s;
    /** Decisions produced by input events (node lost, ...), delivered by the next step. */
    final List<Decision> outbox = new ArrayList<>();

    Evictions(State s) {
        this.s = s;
    }

    /**
     * Evict every pod {@code job} holds.
     *
     * @param releaseNow take the pods off the books at once (restoring a limit: the adapter kills them as fast
     *                   as it can); otherwise they stay counted until reported finished (preemption for a job,
     *                   which must not bind into power the victims still draw)
     */
    void evict(Job job, String forJob, String reason, boolean releaseNow, List<Decision> out) {
        if (takePods(job, releaseNow)) {
            out.add(new Decision.Preempt(forJob, List.of(job.key()), reason));
        }
        requeueIfDrained(job);
    }

    /** Suspend {@code job} for price: its pods get a checkpoint signal and {@code grace}; it queues again. */
    void suspend(Job job, String reason, java.time.Duration grace, List<Decision> out) {
        if (takePods(job, false)) {
            out.add(new Decision.Suspend(job.key(), reason, grace));
        }
        requeueIfDrained(job);
    }

    /** Take {@code job} out of the queue and its pods off their places; true when any pod has to be stopped. */
    private boolean takePods(Job job, boolean releaseNow) {
        s.queue.remove(job);
        if (s.permits.remove(job)) {
            s.placer.rollback(List.of(job.pods));
        }
        boolean any = false;
        for (Pod pod : job.pods) {
            if (pod.state == Pod.State.ASSUMED || pod.state == Pod.State.BOUND
                || pod.state == Pod.State.TERMINATING) {
                pod.state = Pod.State.TERMINATING;
                s.assumed.remove(pod);
                if (releaseNow) {
                    s.books.release(pod);
                }
                any = true;
            } else if (pod.state == Pod.State.PERMIT) {
                s.books.release(pod);
                pod.state = Pod.State.PENDING;
            }
        }
        job.admitted = false;
        job.requeueWhenDrained = true;
        job.state = Job.State.TERMINATING;
        s.capacityFreed = true;
        return any;
    }

    /** The adapter reports one pod gone (finished, deleted, failed). Idempotent. */
    void podGone(Pod pod, String why) {
        Job job = pod.job;
        boolean wasRunning = pod.state == Pod.State.ASSUMED || pod.state == Pod.State.BOUND;
        if (pod.state == Pod.State.PENDING) {
            return;
        }
        if (pod.state == Pod.State.PERMIT) {
            cancelPermit(job);
            return;
        }
        s.books.release(pod);
        s.assumed.remove(pod);
        pod.state = Pod.State.PENDING;
        s.capacityFreed = true;
        if (job.state == Job.State.TERMINATING) {
            requeueIfDrained(job);
        } else if (wasRunning && job.spec.kind() == JobKind.TRAINING && job.heldGpus() > 0) {
            evict(job, null, "worker " + pod.index + " of " + job.key() + " " + why + ": the gang restarts whole",
                false, outbox);
        } else if (job.state == Job.State.PERMIT && job.heldGpus() == permitGpus(job)) {
            cancelPermit(job); // the replicas waiting for power would bind below minAvailable: re-gang them
        } else if (job.state == Job.State.IDLE) {
            s.queue.enqueue(job);
        }
    }

    private static int permitGpus(Job job) {
        int n = 0;
        for (Pod p : job.pods) {
            if (p.state == Pod.State.PERMIT) {
                n += p.gpus.length;
            }
        }
        return n;
    }

    /** Every pod on a lost node is gone; gangs with workers there restart whole. */
    void nodeLost(Node node) {
        for (Pod pod : new ArrayList<>(node.pods)) {
            podGone(pod, "lost with node " + node.name);
        }
    }

    /** A gang waiting for power gives its reservation back and queues again. */
    void cancelPermit(Job job) {
        s.permits.remove(job);
        s.placer.rollback(List.of(job.pods));
        s.capacityFreed = true;
        s.queue.remove(job);
        s.queue.enqueue(job);
    }

    private void requeueIfDrained(Job job) {
        if (job.state == Job.State.TERMINATING && job.drained()) {
            job.requeueWhenDrained = false;
            s.capacityFreed = true;
            if (s.jobs.containsKey(job.key())) {
                s.queue.enqueue(job);
            }
        }
    }
}
