package io.wattshift.sim;

import io.wattshift.engine.model.JobKind;

/**
 * One job of a trace.
 *
 * @param key           job key, "namespace/name"
 * @param submitS       arrival, seconds from the start of the run
 * @param durationS     run time at full GPU speed, seconds
 * @param type          training (gang) or inference (all replicas at once)
 * @param workers       workers or replicas
 * @param gpusPerWorker GPUs per worker
 * @param priority      higher first
 * @param tenant        tenant
 * @param preemptible   may be preempted by higher-priority work
 */
public record TraceJob(String key, long submitS, long durationS, JobKind type, int workers, int gpusPerWorker,
                       int priority, String tenant, boolean preemptible) {
    public int gpus() {
        return workers * gpusPerWorker;
    }
}
