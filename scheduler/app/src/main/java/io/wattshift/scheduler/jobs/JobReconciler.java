package io.wattshift.scheduler.jobs;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.wattshift.api.GpuJob;
import io.wattshift.api.GpuJobSpec;
import io.wattshift.api.GpuJobStatus;
import io.wattshift.api.GpuJobType;
import io.wattshift.api.JobPhase;
import io.wattshift.api.JobRestartPolicy;
import io.wattshift.api.PodPlacement;
import io.wattshift.api.WattshiftApi;
import io.wattshift.scheduler.loop.Gangs;
import io.wattshift.scheduler.loop.StatusViews;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Pure: the desired pods and status of one GpuJob from its spec, its pods and what the scheduling loop knows.
 * Restart policy: a failed pod of a Training job restarts the whole gang (its peers cannot continue alone), a
 * failed Inference replica restarts alone; after {@code backoffLimit} restarts (default 3) the job fails.
 */
public final class JobReconciler {
  static final int DEFAULT_BACKOFF_LIMIT = 3;

  /**
   * What the loop knows: the time, why the job's gang waits (or null), the pods ("ns/name") whose
   * deletion is in flight, the API server's answer to the last failed pod creation for this job (or null: e.g. a
   * missing ServiceAccount or an exhausted quota), and placement facts as functions of pod key or node name.
   */
  public record Context(Instant now, PendingInfo pending, Set<String> deleting, String createFailure,
      ToDoubleFunction<String> committedWatts, Function<String, String> hallOfNode) {
  }

  private JobReconciler() {
  }

  public static JobPlan plan(GpuJob job, List<Pod> pods, Context ctx) {
    GpuJobSpec spec = job.getSpec();
    GpuJobStatus previous = job.getStatus() == null ? new GpuJobStatus() : job.getStatus();
    int count = GpuJobPods.count(spec);
    int restarts = previous.getRestarts() == null ? 0 : previous.getRestarts();
    List<Pod> create = new ArrayList<>();
    List<String> delete = new ArrayList<>();
    JobPlan.Event event = null;

    Map<String, Pod> present = new TreeMap<>();
    Set<String> terminating = new TreeSet<>();
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      if (pod.getMetadata().getDeletionTimestamp() != null || ctx.deleting().contains(Gangs.key(pod))) {
        terminating.add(name);
      } else {
        present.put(name, pod);
      }
    }
    List<Pod> failed = present.values().stream().filter(p -> "Failed".equals(phase(p))).toList();
    long succeeded = present.values().stream().filter(p -> "Succeeded".equals(phase(p))).count();

    JobPhase phase;
    String reason;
    String message;
    boolean terminal = previous.getPhase() == JobPhase.Succeeded || previous.getPhase() == JobPhase.Failed;
    if (terminal) {
      phase = previous.getPhase();
      reason = previous.getReason();
      message = previous.getMessage();
      if (phase == JobPhase.Failed) {
        present.values().stream().filter(Gangs::live).forEach(p -> delete.add(p.getMetadata().getName()));
      }
    } else if (!failed.isEmpty()) {
      int limit = spec.getBackoffLimit() == null ? DEFAULT_BACKOFF_LIMIT : spec.getBackoffLimit();
      boolean mayRestart = spec.getRestartPolicy() != JobRestartPolicy.Never && restarts < limit;
      String failedNames = String.join(", ", failed.stream().map(p -> p.getMetadata().getName()).toList());
      if (mayRestart) {
        restarts++;
        List<Pod> toDelete = spec.getType() == GpuJobType.Training ? List.copyOf(present.values()) : failed;
        toDelete.forEach(p -> delete.add(p.getMetadata().getName()));
        phase = JobPhase.Pending;
        reason = "Restarting";
        message = "pod(s) " + failedNames + " failed; restart " + restarts + " of " + limit;
        event = new JobPlan.Event("Warning", "Restarting", message);
      } else {
        phase = JobPhase.Failed;
        reason = spec.getRestartPolicy() == JobRestartPolicy.Never ? "PodFailed" : "BackoffLimitExceeded";
        message = "pod(s) " + failedNames + " failed after " + restarts + " restart(s)";
        present.values().stream().filter(Gangs::live).forEach(p -> delete.add(p.getMetadata().getName()));
        event = new JobPlan.Event("Warning", reason, message);
      }
    } else if (spec.getType() == GpuJobType.Training && succeeded == count) {
      phase = JobPhase.Succeeded;
      reason = "Completed";
      message = "all " + count + " workers succeeded";
      event = new JobPlan.Event("Normal", "Completed", message);
    } else {
      for (int i = 0; i < count; i++) {
        String name = GpuJobPods.podName(job, i);
        if (!present.containsKey(name) && !terminating.contains(name)) {
          create.add(GpuJobPods.desired(job, i));
        }
      }
      present.keySet().stream().filter(n -> index(job, n) >= count).forEach(delete::add);
      long bound = present.values().stream().filter(p -> Gangs.live(p) && Gangs.bound(p) && index(job, p.getMetadata().getName()) < count).count();
      if (!create.isEmpty() && ctx.createFailure() != null) {
        phase = JobPhase.Pending;
        reason = "PodCreateFailed";
        message = "cannot create pods: " + ctx.createFailure();
      } else if (bound >= GpuJobPods.gangMin(spec) && bound > 0) {
        phase = JobPhase.Running;
        reason = "Scheduled";
        message = bound + " of " + count + " pods bound";
      } else if (ctx.pending() != null) {
        phase = "WaitingForPower".equals(ctx.pending().reason()) ? JobPhase.WaitingForPower : JobPhase.Pending;
        reason = ctx.pending().reason();
        message = ctx.pending().message();
      } else {
        phase = JobPhase.Pending;
        reason = "Queued";
        message = "waiting for the scheduler";
      }
    }

    GpuJobStatus status = new GpuJobStatus();
    status.setPhase(phase);
    status.setReason(reason);
    status.setMessage(message);
    status.setGpus(count * spec.getGpusPerWorker());
    status.setRestarts(restarts);
    status.setObservedGeneration(job.getMetadata().getGeneration());
    placements(job, present, ctx, status);
    status.setStartTime(previous.getStartTime() != null ? previous.getStartTime()
        : phase == JobPhase.Running ? ctx.now().toString() : null);
    status.setCompletionTime(previous.getCompletionTime() != null ? previous.getCompletionTime()
        : phase == JobPhase.Succeeded || phase == JobPhase.Failed ? ctx.now().toString() : null);
    status.setConditions(conditions(job, previous, phase, reason, message, ctx.now()));
    return new JobPlan(create, delete, status, event);
  }

  private static void placements(GpuJob job, Map<String, Pod> present, Context ctx, GpuJobStatus status) {
    double watts = 0;
    Set<String> halls = new TreeSet<>();
    int ready = 0;
    for (Pod pod : present.values()) {
      if (!Gangs.live(pod) || !Gangs.bound(pod)) {
        continue;
      }
      String node = pod.getSpec().getNodeName();
      String hall = ctx.hallOfNode().apply(node);
      double w = ctx.committedWatts().applyAsDouble(Gangs.key(pod));
      watts += w;
      if (hall != null) {
        halls.add(hall);
      }
      if ("Running".equals(phase(pod))) {
        ready++;
      }
      PodPlacement p = new PodPlacement();
      p.setPod(pod.getMetadata().getName());
      p.setNode(node);
      p.setHall(hall);
      p.setGpus(Gangs.gpus(pod));
      p.setCommittedWatts(round(w));
      status.getPlacements().add(p);
    }
    status.setCommittedKilowatts(round(watts / 1000.0));
    status.setHall(halls.isEmpty() ? null : String.join(",", halls));
    status.setReadyPods(ready);
  }

  private static List<Condition> conditions(GpuJob job, GpuJobStatus previous, JobPhase phase, String reason,
      String message, Instant now) {
    boolean scheduled = phase == JobPhase.Running || phase == JobPhase.Succeeded;
    List<Condition> out = new ArrayList<>();
    String text = message == null ? "" : message;
    out.add(StatusViews.condition(previous.getConditions(), job, "Scheduled", scheduled ? "True" : "False", reason,
        text, now));
    if (phase == JobPhase.Succeeded || phase == JobPhase.Failed) {
      out.add(StatusViews.condition(previous.getConditions(), job, phase == JobPhase.Succeeded ? "Complete" : "Failed",
          "True", reason, text, now));
    }
    return out;
  }

  private static int index(GpuJob job, String podName) {
    String prefix = job.getMetadata().getName() + "-";
    try {
      return podName.startsWith(prefix) ? Integer.parseInt(podName.substring(prefix.length())) : Integer.MAX_VALUE;
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** Pods of a job: its own pods by label and owner. */
  public static boolean ownedBy(Pod pod, GpuJob job) {
    return pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences().stream()
        .anyMatch(r -> job.getMetadata().getUid() != null ? job.getMetadata().getUid().equals(r.getUid())
            : job.getMetadata().getName().equals(r.getName()) && "GpuJob".equals(r.getKind()))
        && WattshiftApi.SCHEDULER_NAME.equals(pod.getSpec().getSchedulerName());
  }
}
