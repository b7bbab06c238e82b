package io.wattshift.scheduler.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.wattshift.api.GpuJob;
import io.wattshift.api.GpuJobStatus;
import io.wattshift.api.JobPhase;
import io.wattshift.api.JobRestartPolicy;
import io.wattshift.api.WattshiftApi;
import io.wattshift.scheduler.loop.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobReconcilerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  private static JobReconciler.Context ctx(PendingInfo pending) {
    return new JobReconciler.Context(NOW, pending, Set.of(), null, pod -> 6400, node -> "hall-a");
  }

  private static Pod failed(Pod p) {
    p.setStatus(new PodStatusBuilder().withPhase("Failed").build());
    return p;
  }

  @Test
  void aNewJobGetsAllItsPodsWithGpusSchedulerNameOwnerAndGangAnnotations() {
    GpuJob job = Fixtures.training("ns", "t", 2, 8);
    JobPlan plan = JobReconciler.plan(job, List.of(), ctx(null));
    assertEquals(2, plan.create().size());
    Pod pod = plan.create().get(1);
    assertEquals("t-1", pod.getMetadata().getName());
    assertEquals(WattshiftApi.SCHEDULER_NAME, pod.getSpec().getSchedulerName());
    assertEquals("8", pod.getSpec().getContainers().get(0).getResources().getLimits().get(WattshiftApi.GPU_RESOURCE).getAmount());
    assertEquals("uid-t", pod.getMetadata().getOwnerReferences().get(0).getUid());
    assertEquals(Boolean.TRUE, pod.getMetadata().getOwnerReferences().get(0).getController());
    assertEquals("t", pod.getMetadata().getAnnotations().get(WattshiftApi.GANG_NAME));
    assertEquals("2", pod.getMetadata().getAnnotations().get(WattshiftApi.GANG_MIN));
    assertEquals("Never", pod.getSpec().getRestartPolicy());
    assertEquals(JobPhase.Pending, plan.status().getPhase());
    assertEquals(16, plan.status().getGpus());
  }

  @Test
  void theEnginesReasonBecomesThePendingStatusAndCondition() {
    GpuJob job = Fixtures.training("ns", "t", 2, 8);
    JobPlan plan = JobReconciler.plan(job, Fixtures.pods(job),
        ctx(new PendingInfo("InsufficientPower", "hall-a: needs 25.6 kW, 12.0 kW free")));
    assertEquals(List.of(), plan.create());
    assertEquals("InsufficientPower", plan.status().getReason());
    assertEquals("hall-a: needs 25.6 kW, 12.0 kW free", plan.status().getMessage());
    assertEquals("False", plan.status().getConditions().get(0).getStatus());
    assertEquals("Scheduled", plan.status().getConditions().get(0).getType());
  }

  @Test
  void aBoundGangIsRunningWithItsCommittedPowerAndHall() {
    GpuJob job = Fixtures.training("ns", "t", 2, 8);
    JobPlan plan = JobReconciler.plan(job, Fixtures.pods(job, "n1", "n2"), ctx(null));
    GpuJobStatus s = plan.status();
    assertEquals(JobPhase.Running, s.getPhase());
    assertEquals(12.8, s.getCommittedKilowatts());
    assertEquals("hall-a", s.getHall());
    assertEquals(2, s.getPlacements().size());
    assertNotNull(s.getStartTime());
  }

  @Test
  void aFailedTrainingWorkerRestartsTheWholeGangUntilTheBackoffLimit() {
    GpuJob job = Fixtures.training("ns", "t", 2, 8);
    List<Pod> pods = Fixtures.pods(job, "n1", "n2");
    failed(pods.get(0));
    JobPlan restart = JobReconciler.plan(job, pods, ctx(null));
    assertEquals(List.of("t-0", "t-1"), restart.delete());
    assertEquals(1, restart.status().getRestarts());
    assertEquals("Restarting", restart.event().reason());

    GpuJobStatus exhausted = new GpuJobStatus();
    exhausted.setRestarts(3);
    job.setStatus(exhausted);
    JobPlan fail = JobReconciler.plan(job, pods, ctx(null));
    assertEquals(JobPhase.Failed, fail.status().getPhase());
    assertEquals("BackoffLimitExceeded", fail.status().getReason());
    assertTrue(fail.status().getConditions().stream().anyMatch(c -> c.getType().equals("Failed")));
  }

  @Test
  void restartPolicyNeverFailsAtTheFirstFailure() {
    GpuJob job = Fixtures.training("ns", "t", 2, 8);
    job.getSpec().setRestartPolicy(JobRestartPolicy.Never);
    List<Pod> pods = Fixtures.pods(job, "n1", "n2");
    failed(pods.get(1));
    JobPlan plan = JobReconciler.plan(job, pods, ctx(null));
    assertEquals(JobPhase.Failed, plan.status().getPhase());
    assertEquals("PodFailed", plan.status().getReason());
    assertEquals(List.of("t-0"), plan.delete());
  }

  @Test
  void allWorkersSucceededCompletesTheJob() {
    GpuJob job = Fixtures.training("ns", "t", 2, 8);
    List<Pod> pods = Fixtures.pods(job, "n1", "n2");
    pods.forEach(p -> p.setStatus(new PodStatusBuilder().withPhase("Succeeded").build()));
    JobPlan plan = JobReconciler.plan(job, pods, ctx(null));
    assertEquals(JobPhase.Succeeded, plan.status().getPhase());
    assertEquals(List.of(), plan.create());
  }

  @Test
  void aPodBeingDeletedIsNotRecreatedUntilItIsGone() {
    GpuJob job = Fixtures.training("ns", "t", 2, 8);
    List<Pod> pods = Fixtures.pods(job);
    JobPlan plan = JobReconciler.plan(job, pods.subList(1, 2), new JobReconciler.Context(NOW, null, Set.of("ns/t-1"), null,
        p -> 0, n -> null));
    assertEquals(List.of("t-0"), plan.create().stream().map(p -> p.getMetadata().getName()).toList());
  }

  @Test
  void aPodCreationTheApiServerRefusesIsThePendingReason() {
    GpuJob job = Fixtures.training("ns", "t", 2, 8);
    JobPlan plan = JobReconciler.plan(job, List.of(), new JobReconciler.Context(NOW, null, Set.of(),
        "pods \"t-0\" is forbidden: error looking up service account ns/trainer: serviceaccount \"trainer\" not found",
        p -> 0, n -> null));
    assertEquals(2, plan.create().size(), "creation is retried");
    assertEquals("PodCreateFailed", plan.status().getReason());
    assertTrue(plan.status().getMessage().contains("serviceaccount \"trainer\" not found"), plan.status().getMessage());
    assertEquals("PodCreateFailed", plan.status().getConditions().get(0).getReason());
  }

  @Test
  void anUnchangedStatusKeepsItsConditionTransitionTime() {
    GpuJob job = Fixtures.training("ns", "t", 2, 8);
    JobPlan first = JobReconciler.plan(job, Fixtures.pods(job), ctx(null));
    job.setStatus(first.status());
    JobPlan again = JobReconciler.plan(job, Fixtures.pods(job),
        new JobReconciler.Context(NOW.plusSeconds(60), null, Set.of(), null, p -> 0, n -> null));
    assertEquals(first.status().getConditions().get(0).getLastTransitionTime(),
        again.status().getConditions().get(0).getLastTransitionTime());
  }
}
