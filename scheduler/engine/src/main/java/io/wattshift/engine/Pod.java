package io.wattshift.engine;

import java.time.Instant;

/** One pod of a job and what it holds. */
final class Pod {
    enum State { PENDING, PERMIT, ASSUMED, BOUND, TERMINATING }

    final Job job;
    final int index;
    State state = State.PENDING;
    Node node;
    int[] gpus;
    /** Per-GPU limit the pod runs at, W. */
    double limitW;
    /** Committed IT power, W (GPUs + host share; nameplate on a stale node). */
    double itW;
    /** Whether {@link #itW} is on the books (a pod evicted to restore a limit is taken off at once). */
    boolean counted;
    Instant assumedAt;

    Pod(Job job, int index) {
        this.job = job;
        this.index = index;
    }

    boolean holds() {
        return node != null;
    }

    @Override
    public String toString() {
        return job.key() + "#" + index;
    }
}
