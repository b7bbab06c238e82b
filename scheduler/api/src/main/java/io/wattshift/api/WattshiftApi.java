package io.wattshift.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** Names shared by the CRDs and the code that talks about them (labels, annotations, scheduler name). */
public final class WattshiftApi {
  public static final String GROUP = "wattshift.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String CATEGORY = "wattshift";

  /** {@code spec.schedulerName} of every pod Wattshift schedules. */
  public static final String SCHEDULER_NAME = "wattshift";

  /** Pod annotation: name of the gang the pod belongs to (pods of one gang bind all-or-nothing). */
  public static final String GANG_NAME = "wattshift.io/gang";
  /** Pod annotation: number of pods in the gang (integer). */
  public static final String GANG_SIZE = "wattshift.io/gang-size";
  /** Pod annotation: minimum pods of the gang that must bind together (integer, defaults to the gang size). */
  public static final String GANG_MIN = "wattshift.io/gang-min";
  /** Pod annotation: tenant charged for the pod's power (defaults to the namespace). */
  public static final String TENANT = "wattshift.io/tenant";
  /**
   * Pod annotation: fair-share queue the pod's gang waits in (defaults to the namespace). Gangs of equal priority
   * go first from the queue with the lowest dominant share; the tenant's power quota counts all its queues.
   */
  public static final String QUEUE = "wattshift.io/queue";
  /** Pod annotation: scheduling priority, higher first (integer). */
  public static final String PRIORITY = "wattshift.io/priority";
  /** Pod annotation: "true" when the pod may be preempted by higher-priority work. */
  public static final String PREEMPTIBLE = "wattshift.io/preemptible";
  /** Pod annotation: GPU power cap in watts asked for the pod's GPUs. */
  public static final String POWER_CAP_WATTS = "wattshift.io/power-cap-watts";
  /** Pod annotation: topology the gang asks for (Any, SameHall, SameRack). */
  public static final String TOPOLOGY = "wattshift.io/topology";

  /** Pod label: name of the owning GpuJob. */
  public static final String JOB_LABEL = "wattshift.io/job";
  /** Pod label: index of the pod within its GpuJob (0..n-1). */
  public static final String INDEX_LABEL = "wattshift.io/index";
  /** Node label that names the rack a node sits in (a Hall may override the key). */
  public static final String RACK_LABEL = "wattshift.io/rack";

  /** Extended resource name of NVIDIA GPUs. */
  public static final String GPU_RESOURCE = "nvidia.com/gpu";

  /** Every Wattshift kind, e.g. to register with a {@code KubernetesSerialization}. */
  public static final List<Class<? extends HasMetadata>> KINDS =
      List.of(GpuJob.class, Site.class, Hall.class, PowerPolicy.class, MiningLease.class);

  private WattshiftApi() {
  }
}
