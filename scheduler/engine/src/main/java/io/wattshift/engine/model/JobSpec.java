package io.wattshift.engine.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A job to place: a training gang (all {@code pods} or none) or an inference service (at least
 * {@code minAvailable} replicas at once, the rest as they fit).
 *
 * @param key          stable id, "namespace/name"
 * @param tenant       who is charged: the tenant's power quota counts the kW of all its queues
 * @param queue        the fair-share queue the job waits in (null or blank: the tenant); jobs of equal priority
 *                     go first from the queue with the lowest dominant share
 * @param kind         training or inference
 * @param pods         workers or replicas
 * @param gpusPerPod   GPUs per pod, all on one node; 0 = a CPU-only pod (placed by its requests on a GPU node,
 *                     committing host power only: see the engine's DESIGN)
 * @param minAvailable pods that must bind together (training: all of them)
 * @param priority     higher runs first and may preempt lower preemptible work
 * @param preemptible  whether higher-priority work may evict it
 * @param gpuCapW      per-GPU power cap the job asks for, W; 0 = none
 * @param topology     any, same hall or same rack
 * @param submitted    submission time (ties in the queue go to the oldest)
 * @param requirements node selector, required affinity, tolerations and requests of each pod
 *                     ({@link PodRequirements#NONE} when none)
 */
public record JobSpec(String key, String tenant, String queue, JobKind kind, int pods, int gpusPerPod,
                      int minAvailable, int priority, boolean preemptible, double gpuCapW, Topology topology,
                      Instant submitted, PodRequirements requirements) {
    public JobSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(tenant, "tenant");
        if (queue == null || queue.isBlank()) {
            queue = tenant;
        }
        Objects.requireNonNull(kind, "kind");
        Checks.positive(pods, "pods");
        if (gpusPerPod < 0) {
            throw new IllegalArgumentException("gpusPerPod must be >= 0, got " + gpusPerPod);
        }
        if (kind == JobKind.TRAINING) {
            minAvailable = pods;
        }
        if (minAvailable < 1 || minAvailable > pods) {
            throw new IllegalArgumentException("minAvailable must be in [1, pods], got " + minAvailable);
        }
        Checks.nonNegative(gpuCapW, "gpuCapW");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(submitted, "submitted");
        requirements = requirements == null ? PodRequirements.NONE : requirements;
    }

    /** A job whose pods have no node requirements. */
    public JobSpec(String key, String tenant, String queue, JobKind kind, int pods, int gpusPerPod,
                   int minAvailable, int priority, boolean preemptible, double gpuCapW, Topology topology,
                   Instant submitted) {
        this(key, tenant, queue, kind, pods, gpusPerPod, minAvailable, priority, preemptible, gpuCapW, topology,
            submitted, PodRequirements.NONE);
    }

    /** A job whose fair-share queue is its tenant. */
    public JobSpec(String key, String tenant, JobKind kind, int pods, int gpusPerPod, int minAvailable,
                   int priority, boolean preemptible, double gpuCapW, Topology topology, Instant submitted) {
        this(key, tenant, tenant, kind, pods, gpusPerPod, minAvailable, priority, preemptible, gpuCapW, topology,
            submitted);
    }

    /** A training gang of {@code workers} x {@code gpus} GPUs, priority 0, not preemptible, any topology. */
    public static JobSpec training(String key, String tenant, int workers, int gpus, Instant submitted) {
        return new JobSpec(key, tenant, JobKind.TRAINING, workers, gpus, workers, 0, false, 0, Topology.ANY,
            submitted);
    }

    /** An inference service of {@code replicas} x {@code gpus}, all replicas required at once. */
    public static JobSpec inference(String key, String tenant, int replicas, int gpus, int minAvailable,
                                    Instant submitted) {
        return new JobSpec(key, tenant, JobKind.INFERENCE, replicas, gpus, minAvailable, 0, false, 0, Topology.ANY,
            submitted);
    }

    public JobSpec withPriority(int p, boolean canBePreempted) {
        return new JobSpec(key, tenant, queue, kind, pods, gpusPerPod, minAvailable, p, canBePreempted, gpuCapW,
            topology, submitted, requirements);
    }

    public JobSpec withTopology(Topology t) {
        return new JobSpec(key, tenant, queue, kind, pods, gpusPerPod, minAvailable, priority, preemptible, gpuCapW,
            t, submitted, requirements);
    }

    public JobSpec withGpuCapW(double w) {
        return new JobSpec(key, tenant, queue, kind, pods, gpusPerPod, minAvailable, priority, preemptible, w,
            topology, submitted, requirements);
    }

    /** The same job in fair-share queue {@code q} (null or blank: the tenant). */
    public JobSpec withQueue(String q) {
        return new JobSpec(key, tenant, q, kind, pods, gpusPerPod, minAvailable, priority, preemptible, gpuCapW,
            topology, submitted, requirements);
    }

    /** The same job whose pods ask {@code r} of their nodes. */
    public JobSpec withRequirements(PodRequirements r) {
        return new JobSpec(key, tenant, queue, kind, pods, gpusPerPod, minAvailable, priority, preemptible, gpuCapW,
            topology, submitted, r);
    }

    /** GPUs of the whole job. */
    public int totalGpus() {
        return pods * gpusPerPod;
    }
}
