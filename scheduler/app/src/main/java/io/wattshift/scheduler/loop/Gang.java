package io.wattshift.scheduler.loop;

import java.time.Instant;
import java.util.List;

/**
 * Pods that bind together, as the scheduling loop hands them to the placement port: a GpuJob's pods or foreign
 * pods grouped by the {@code wattshift.io/gang} annotation (a pod without one is a gang of one).
 *
 * @param key         "namespace/gang"
 * @param owner       name of the owning GpuJob, or null for foreign pods
 * @param tenant      tenant charged for the power
 * @param queue       fair-share queue the gang waits in
 * @param size        pods in the gang (declared)
 * @param minMembers  pods that must bind in the same step
 * @param gpusPerPod  GPUs each pod asks for (largest request among its pods)
 * @param priority    higher first
 * @param preemptible may be preempted
 * @param capWatts    GPU power cap asked for, W (0: none)
 * @param topology    Any, SameHall or SameRack
 * @param pending     the gang's pods not yet bound, "namespace/name"
 * @param bound       the gang's pods already bound: pod key and node
 * @param firstSeen   creation time of its oldest pod
 */
public record Gang(String key, String owner, String tenant, String queue, int size, int minMembers, int gpusPerPod, int priority,
    boolean preemptible, int capWatts, String topology, List<String> pending, List<BoundPod> bound,
    Instant firstSeen) {
  public Gang {
    pending = List.copyOf(pending);
    bound = List.copyOf(bound);
  }

  /** A pod already bound to a node. */
  public record BoundPod(String pod, String node) {
  }
}
