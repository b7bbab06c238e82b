package io.wattshift.scheduler.jobs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.wattshift.api.GpuJob;
import io.wattshift.api.GpuJobSpec;
import io.wattshift.api.GpuJobType;
import io.wattshift.api.WattshiftApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pure: the pods a GpuJob should have. No I/O, deterministic, safe on any thread. */
public final class GpuJobPods {
  private GpuJobPods() {
  }

  /** Pods (workers or replicas) of the job. */
  public static int count(GpuJobSpec spec) {
    Integer n = spec.getType() == GpuJobType.Training ? spec.getWorkers() : spec.getReplicas();
    return n == null ? 1 : n;
  }

  /** Pods that must bind together: all for Training (and gang Inference), else minAvailable (default all). */
  public static int gangMin(GpuJobSpec spec) {
    int pods = count(spec);
    if (spec.getType() == GpuJobType.Training || Boolean.TRUE.equals(spec.getGang())) {
      return pods;
    }
    return spec.getMinAvailable() == null ? pods : Math.min(spec.getMinAvailable(), pods);
  }

  /** Name of the job's pod with this index. */
  public static String podName(GpuJob job, int index) {
    return job.getMetadata().getName() + "-" + index;
  }

  /** The pod with this index, as the job's template says, with what the scheduler needs added. */
  public static Pod desired(GpuJob job, int index) {
    GpuJobSpec spec = job.getSpec();
    ObjectMeta template = spec.getTemplate().getMetadata() == null ? new ObjectMeta() : spec.getTemplate().getMetadata();
    Map<String, String> labels = new LinkedHashMap<>(template.getLabels() == null ? Map.of() : template.getLabels());
    labels.put(WattshiftApi.JOB_LABEL, job.getMetadata().getName());
    labels.put(WattshiftApi.INDEX_LABEL, Integer.toString(index));
    Map<String, String> annotations = new LinkedHashMap<>(
        template.getAnnotations() == null ? Map.of() : template.getAnnotations());
    annotations.putAll(gangAnnotations(job));

    PodSpec podSpec = new PodSpecBuilder(spec.getTemplate().getSpec()).build();
    podSpec.setSchedulerName(WattshiftApi.SCHEDULER_NAME);
    podSpec.setNodeName(null);
    if (podSpec.getRestartPolicy() == null) {
      // Training pods must surface failures to the job controller, which restarts the gang as a whole.
      podSpec.setRestartPolicy(spec.getType() == GpuJobType.Training ? "Never" : "Always");
    }
    podSpec.setContainers(withGpus(podSpec.getContainers(), spec.getGpusPerWorker()));

    return new PodBuilder()
        .withNewMetadata()
        .withName(podName(job, index)).withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels).withAnnotations(annotations)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(WattshiftApi.API_VERSION).withKind("GpuJob")
            .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid())
            .withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withSpec(podSpec)
        .build();
  }

  /** Annotations that tell the scheduling loop how to place the pod's gang. */
  static Map<String, String> gangAnnotations(GpuJob job) {
    GpuJobSpec spec = job.getSpec();
    Map<String, String> a = new LinkedHashMap<>();
    a.put(WattshiftApi.GANG_NAME, job.getMetadata().getName());
    a.put(WattshiftApi.GANG_SIZE, Integer.toString(count(spec)));
    a.put(WattshiftApi.GANG_MIN, Integer.toString(gangMin(spec)));
    a.put(WattshiftApi.PRIORITY, Integer.toString(spec.getPriority() == null ? 0 : spec.getPriority()));
    a.put(WattshiftApi.PREEMPTIBLE, Boolean.toString(Boolean.TRUE.equals(spec.getPreemptible())));
    a.put(WattshiftApi.TENANT, spec.getTenant() != null ? spec.getTenant() : job.getMetadata().getNamespace());
    a.put(WattshiftApi.QUEUE, spec.getQueue() != null ? spec.getQueue() : job.getMetadata().getNamespace());
    if (spec.getPowerCapWatts() != null) {
      a.put(WattshiftApi.POWER_CAP_WATTS, Integer.toString(spec.getPowerCapWatts()));
    }
    if (spec.getTopology() != null) {
      a.put(WattshiftApi.TOPOLOGY, spec.getTopology().name());
    }
    return a;
  }

  /** The first container gets the GPUs (request = limit, as extended resources require). */
  private static List<Container> withGpus(List<Container> containers, int gpus) {
    List<Container> out = new ArrayList<>(containers);
    if (out.isEmpty()) {
      return out;
    }
    Quantity quantity = new Quantity(Integer.toString(gpus));
    out.set(0, new ContainerBuilder(out.get(0)).editOrNewResources()
        .addToLimits(WattshiftApi.GPU_RESOURCE, quantity).addToRequests(WattshiftApi.GPU_RESOURCE, quantity)
        .endResources().build());
    return out;
  }
}
