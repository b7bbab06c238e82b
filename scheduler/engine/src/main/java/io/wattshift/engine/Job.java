package io.wattshift.engine;

import io.wattshift.engine.model.JobSpec;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** A job's live state. */
final class Job {
    /** Where the job is: in a queue, waiting for power, holding all its pods (IDLE), or being evicted. */
    enum State { QUEUED, PARKED, BACKOFF, PERMIT, IDLE, TERMINATING }

    final JobSpec spec;
    final Pod[] pods;
    State state = State.QUEUED;
    /** True once the job's first gang (minAvailable pods) has bound; later pods bind one by one. */
    boolean admitted;
    Instant backoffUntil;
    /** Jobs this one preempted and waits for. */
    final Set<String> awaitingVictims = new LinkedHashSet<>();
    /** Preempted: back to the queue once every pod has finished. */
    boolean requeueWhenDrained;
    /** Suspended for price (see {@link PricePauses}): held back until the price falls under its resume price. */
    boolean priceHeld;
    String lastReason;
    Instant reasonAt;
    final long seq;

    Job(JobSpec spec, long seq) {
        this.spec = spec;
        this.seq = seq;
        this.pods = new Pod[spec.pods()];
        for (int i = 0; i < pods.length; i++) {
            pods[i] = new Pod(this, i);
        }
    }

    String key() {
        return spec.key();
    }

    int pendingPods() {
        int n = 0;
        for (Pod p : pods) {
            if (p.state == Pod.State.PENDING) {
                n++;
            }
        }
        return n;
    }

    int heldGpus() {
        int n = 0;
        for (Pod p : pods) {
            if (p.holds()) {
                n += p.gpus.length;
            }
        }
        return n;
    }

    boolean drained() {
        for (Pod p : pods) {
            if (p.state == Pod.State.TERMINATING) {
                return false;
            }
        }
        return true;
    }
}
