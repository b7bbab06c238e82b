package io.wattshift.scheduler.jobs;

import io.fabric8.kubernetes.api.model.Pod;
import io.wattshift.api.GpuJobStatus;
import java.util.List;

/**
 * What the job controller will do for one GpuJob in this pass.
 *
 * @param create pods to create
 * @param delete names of pods to delete (restart or failure)
 * @param status the status the job should have (written only if it differs from the current one)
 * @param event  a Kubernetes event to record about the job (reason, message), or null
 */
public record JobPlan(List<Pod> create, List<String> delete, GpuJobStatus status, Event event) {
  public JobPlan {
    create = List.copyOf(create);
    delete = List.copyOf(delete);
  }

  /** An event: type Normal or Warning. */
  public record Event(String type, String reason, String message) {
  }
}
