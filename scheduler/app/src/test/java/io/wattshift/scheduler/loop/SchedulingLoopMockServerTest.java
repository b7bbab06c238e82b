package io.wattshift.scheduler.loop;

import io.wattshift.testbed.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.wattshift.api.DemandResponse;
import io.wattshift.api.GpuJob;
import io.wattshift.api.Hall;
import io.wattshift.api.JobPhase;
import io.wattshift.api.Site;
import io.wattshift.api.WattshiftApi;
import io.wattshift.scheduler.kube.ClusterCache;
import io.wattshift.scheduler.kube.ClusterWriter;
import io.wattshift.scheduler.kube.EventRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loop's controller and status side against fabric8's mock API server in CRUD mode: informers, pod creation,
 * GpuJob status with the engine's reason, Hall status, events. (Binding needs a real API server: see SchedulerE2E.)
 */
@EnableKubernetesMockClient(crud = true)
class SchedulingLoopMockServerTest {
  KubernetesClient client;

  private Vertx vertx;
  private SchedulingLoop loop;
  private ClusterCache cache;

  @BeforeEach
  void start() throws Exception {
    WattshiftApi.KINDS.forEach(client.getKubernetesSerialization()::registerKubernetesResource);
    client.resource(Fixtures.site("s", 1000)).create();
    client.resource(Fixtures.hall("a", "s", 100, 100)).create();
    client.resource(Fixtures.hall("orphan", "no-such-site", 10, 100)).create();
    for (String n : List.of("n1", "n2")) {
      client.resource(Fixtures.node(n, "a", "r1", 8)).create();
    }
    vertx = Vertx.vertx();
    Clock clock = Clock.systemUTC();
    SchedulingLoop[] loop = new SchedulingLoop[1];
    // The mock server has no spec.schedulerName field selector: select pods on the client side.
    cache = new ClusterCache(client, 60_000, change -> {
      if (loop[0] != null) {
        loop[0].changed(change);
      }
    }, false);
    loop[0] = new SchedulingLoop(cache, new EnginePlacement(clock, d -> { }), new ClusterWriter(client),
        new EventRecorder(client, clock, "test"), new SchedulerMetrics(new SimpleMeterRegistry()), clock,
        Duration.ofSeconds(1), Duration.ofMillis(300));
    vertx.deployVerticle(loop[0], SchedulingLoop.deploymentOptions()).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    this.loop = loop[0];
    cache.start().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    cache.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aGpuJobGetsItsPodsAndAStatusWithTheEnginesReasonWhenItCannotFit() {
    // 3 workers x 8 GPUs = 24 GPUs: the hall has 16 (and power for them).
    client.resource(Fixtures.training("team", "big", 3, 8)).create();
    await("the controller created the pods", () -> client.pods().inNamespace("team").list().getItems().size() == 3);
    Pod pod = client.pods().inNamespace("team").withName("big-0").get();
    assertEquals("big", pod.getMetadata().getOwnerReferences().get(0).getName());
    assertEquals(WattshiftApi.SCHEDULER_NAME, pod.getSpec().getSchedulerName());
    await("the job's status carries the engine's reason", () -> {
      GpuJob j = client.resources(GpuJob.class).inNamespace("team").withName("big").get();
      return j.getStatus() != null && "InsufficientGpus".equals(j.getStatus().getReason());
    });
    GpuJob job = client.resources(GpuJob.class).inNamespace("team").withName("big").get();
    assertEquals(JobPhase.Pending, job.getStatus().getPhase());
    assertTrue(job.getStatus().getMessage().startsWith("a:"), job.getStatus().getMessage());
    assertEquals(24, job.getStatus().getGpus());
    await("a FailedScheduling event names the reason", () -> client.v1().events().inNamespace("team").list().getItems()
        .stream().anyMatch(e -> "FailedScheduling".equals(e.getReason()) && e.getMessage().equals(job.getStatus().getMessage())));
  }

  @Test
  void theLoopRunsOnItsOwnSchedulingThreadNotAnEventLoop() throws Exception {
    java.util.concurrent.CompletableFuture<String> where = new java.util.concurrent.CompletableFuture<>();
    loop.executor().execute(() -> where.complete(Thread.currentThread().getName() + " worker="
        + io.vertx.core.Context.isOnWorkerThread()));
    String seen = where.get(10, TimeUnit.SECONDS);
    assertTrue(seen.startsWith(SchedulingLoop.POOL) && seen.endsWith("worker=true"), seen);
    // (the other tests here run their cycles on this deployment too)
  }

  @Test
  void aGpuJobTheReconcilerCannotHandleDoesNotStopTheOthers() {
    GpuJob broken = Fixtures.training("team", "broken", 1, 1);
    broken.getSpec().setTemplate(null); // the schema requires it; an object stored before that could lack it
    client.resource(broken).create();
    client.resource(Fixtures.training("team", "fine", 3, 8)).create(); // does not fit: no binding (the mock has none)
    await("the other job still gets its pod", () -> client.pods().inNamespace("team").withName("fine-0").get() != null);
    await("the broken job says why", () -> client.v1().events().inNamespace("team").list().getItems().stream()
        .anyMatch(e -> "InvalidSpec".equals(e.getReason()) && "broken".equals(e.getInvolvedObject().getName())));
  }

  @Test
  void deletingAGpuJobDeletesItsPods() {
    client.resource(Fixtures.training("team", "short", 2, 1)).create();
    await("pods created", () -> client.pods().inNamespace("team").list().getItems().size() == 2);
    client.resources(GpuJob.class).inNamespace("team").withName("short").delete();
    await("pods deleted with their job", () -> client.pods().inNamespace("team").list().getItems().isEmpty());
  }

  @Test
  void hallStatusShowsHeadroomAndAMissingSiteAsACondition() {
    await("hall a has status", () -> {
      Hall h = client.resources(Hall.class).withName("a").get();
      return h.getStatus() != null && h.getStatus().getLimitKilowatts() != null;
    });
    Hall a = client.resources(Hall.class).withName("a").get();
    assertEquals(95, a.getStatus().getLimitKilowatts(), 0.01); // 5% default reserve
    assertEquals(16, a.getStatus().getGpus());
    await("the orphan hall says why it is not used", () -> {
      Hall h = client.resources(Hall.class).withName("orphan").get();
      return h.getStatus() != null && !h.getStatus().getConditions().isEmpty()
          && "SiteNotFound".equals(h.getStatus().getConditions().get(0).getReason());
    });
  }

  @Test
  void aSiteWithAnUnreadableDemandResponseTimeIsReportedAndSchedulingGoesOn() {
    // The mock server has no schema: this is an object stored before the CRD had its pattern.
    Site site = client.resources(Site.class).withName("s").get();
    DemandResponse dr = new DemandResponse();
    dr.setLimitKilowatts(900.0);
    dr.setStartTime("soon");
    site.getSpec().setDemandResponse(dr);
    client.resource(site).update();
    client.resource(Fixtures.training("team", "after", 1, 1)).create();
    await("the cycle still creates pods for a new job", () -> client.pods().inNamespace("team").list().getItems().size() == 1);
    await("the Site says why its demand response cannot be read", () -> {
      Site s = client.resources(Site.class).withName("s").get();
      return s.getStatus() != null && s.getStatus().getConditions().stream()
          .anyMatch(c -> "DemandResponse".equals(c.getType()) && "InvalidDemandResponse".equals(c.getReason())
              && c.getMessage().contains("startTime \"soon\""));
    });
    await("hall a's status is still published", () -> {
      Hall h = client.resources(Hall.class).withName("a").get();
      return h.getStatus() != null && h.getStatus().getGpus() != null;
    });
  }

  @Test
  void aDemandResponseEventShedsPreemptibleWorkAndTheSiteReportsWhatWasDone() {
    // Bound pods (as a previous leader left them): a preemptible 4-GPU gang on n1 and a 1-GPU gang on n2.
    Pod low = Fixtures.foreignPod("team", "low", "low", 1, 4);
    low.getMetadata().getAnnotations().put(WattshiftApi.PREEMPTIBLE, "true");
    low.getSpec().setNodeName("n1");
    Pod keep = Fixtures.foreignPod("team", "keep", "keep", 1, 1);
    keep.getSpec().setNodeName("n2");
    client.resource(low).create();
    client.resource(keep).create();
    await("the site has status", () -> {
      Site s = client.resources(Site.class).withName("s").get();
      return s.getStatus() != null && s.getStatus().getAiKilowatts() != null && s.getStatus().getAiKilowatts() > 2;
    });
    // The grid asks for 1 kW (the 50 kW site reserve must not eat it): only "keep" (0.6 kW) fits.
    Site site = client.resources(Site.class).withName("s").get();
    site.getSpec().setReserveKilowatts(50.0);
    DemandResponse dr = new DemandResponse();
    dr.setLimitKilowatts(1.0);
    dr.setWithinSeconds(30);
    site.getSpec().setDemandResponse(dr);
    client.resource(site).update();
    await("the preemptible pod is deleted", () -> client.pods().inNamespace("team").withName("low").get() == null);
    assertTrue(client.pods().inNamespace("team").withName("keep").get() != null, "only as far as needed");
    await("the preempted pod's event says why, without 'null'", () -> client.v1().events().inNamespace("team").list()
        .getItems().stream().anyMatch(e -> "Preempted".equals(e.getReason())
            && e.getMessage().equals("preempted to restore a limit: site s over its interconnect")));
    await("the Site reports the event met and what was done", () -> {
      Site s = client.resources(Site.class).withName("s").get();
      return s.getStatus() != null && s.getStatus().getDemandResponse() != null
          && List.of("team/low").equals(s.getStatus().getDemandResponse().getPreemptedJobs())
          && s.getStatus().getConditions().stream().anyMatch(c -> "DemandResponse".equals(c.getType())
              && "LimitMet".equals(c.getReason()));
    });
    Site s = client.resources(Site.class).withName("s").get();
    assertEquals(1.0, s.getStatus().getDemandResponse().getLimitKilowatts(), 1e-9);
    assertEquals(1.0, s.getStatus().getLimitKilowatts(), 1e-9);
    assertEquals(0, s.getStatus().getDemandResponse().getShedMiningKilowatts(), 1e-9, "no mining in this hall");
    await("an event on the Site says what was done", () -> client.v1().events().inAnyNamespace().list().getItems()
        .stream().anyMatch(e -> "DemandResponseLimitMet".equals(e.getReason())
            && "Site".equals(e.getInvolvedObject().getKind()) && e.getMessage().contains("preempted 1 job(s) (team/low)")));
  }

  private static void await(String what, BooleanSupplier condition) {
    Await.until(what, Duration.ofSeconds(20), condition);
  }
}
