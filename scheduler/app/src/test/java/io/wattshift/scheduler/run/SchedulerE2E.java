package io.wattshift.scheduler.run;

import io.wattshift.testbed.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wattshift.api.GpuJob;
import io.wattshift.api.Hall;
import io.wattshift.api.JobPhase;
import io.wattshift.api.WattshiftApi;
import io.wattshift.scheduler.loop.Gangs;
import io.wattshift.testbed.CommandResult;
import io.wattshift.testbed.ControlPlane;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code scheduler run} against the real control plane (kube-apiserver, etcd, controller manager, kwok GPU nodes in
 * three halls), two instances in their own JVMs competing for the lease, driven with the real kubectl and the
 * manifests under examples/.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulerE2E {
  private static final Path EXAMPLES = Path.of(System.getProperty("wattshift.examples", "../../examples"));

  @RegisterExtension
  static final ControlPlane cluster = ControlPlane.builder().noCrds()
      .gpuNodes("hall-a", 4).gpuNodes("hall-b", 4).gpuNodes("hall-c", 4).build();

  private static SchedulerProcess first;
  private static SchedulerProcess second;
  private static KubernetesClient client;

  @BeforeAll
  static void startTwoSchedulers() throws Exception {
    client = cluster.running().client();
    WattshiftApi.KINDS.forEach(client.getKubernetesSerialization()::registerKubernetesResource);
    // Applied here rather than by the test bed: `kubectl wait --for condition=Established` fails on a CRD whose
    // status has no conditions yet, which the large GpuJob CRD hits.
    cluster.kubectl("apply", "--server-side", "-f", System.getProperty("wattshift.crds", "../../crds")).orThrow();
    awaitTrue(Duration.ofSeconds(60), "the CRDs are established", () -> client.apiextensions().v1()
        .customResourceDefinitions().list().getItems().stream().filter(c -> c.getSpec().getGroup().equals(WattshiftApi.GROUP))
        .filter(c -> c.getStatus() != null && c.getStatus().getConditions() != null && c.getStatus().getConditions().stream()
            .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus()))).count() == 5);
    first = new SchedulerProcess("scheduler-1", cluster.running().kubeconfig(), cluster.running().runDir());
    awaitTrue(Duration.ofSeconds(60), "scheduler-1 leads", () -> "scheduler-1".equals(leader()));
    second = new SchedulerProcess("scheduler-2", cluster.running().kubeconfig(), cluster.running().runDir());
    second.httpPort();
    for (String f : List.of("site.yaml", "halls.yaml", "policy.yaml")) {
      cluster.kubectl("apply", "-f", EXAMPLES.resolve(f).toString()).orThrow();
    }
  }

  @AfterAll
  static void stopSchedulers() throws Exception {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
  }

  @Test
  @Order(1)
  void theExampleTrainingGangAndInferenceServiceBindWithinTheirHallsPowerBudgets() throws Exception {
    cluster.kubectl("apply", "-f", EXAMPLES.resolve("training-job.yaml").toString()).orThrow();
    cluster.kubectl("apply", "-f", EXAMPLES.resolve("inference-job.yaml").toString()).orThrow();
    awaitTrue(Duration.ofSeconds(90), "both jobs Running",
        () -> phase("llm-pretrain") == JobPhase.Running && phase("chat-serving") == JobPhase.Running);
    List<Pod> training = jobPods("llm-pretrain");
    assertEquals(2, training.size());
    assertTrue(training.stream().allMatch(Gangs::bound));
    assertEquals(rackOf(training.get(0)), rackOf(training.get(1)), "SameRack gang split across racks");
    assertEquals(3, jobPods("chat-serving").stream().filter(Gangs::bound).count());
    PowerBudgets.assertWithinBudgets(client);
    awaitTrue(Duration.ofSeconds(30), "hall status shows the committed power", () -> client.resources(Hall.class)
        .list().getItems().stream().anyMatch(h -> h.getStatus() != null && h.getStatus().getAiKilowatts() != null
            && h.getStatus().getAiKilowatts() > 0));
    for (Hall h : client.resources(Hall.class).list().getItems()) {
      assertTrue(h.getStatus().getAiKilowatts() <= h.getStatus().getLimitKilowatts(), h.getMetadata().getName());
    }
  }

  @Test
  @Order(2)
  void kubectlGetShowsThePrinterColumns() {
    CommandResult gj = cluster.kubectl("get", "gj", "-n", "default").orThrow();
    String header = gj.stdout().lines().findFirst().orElse("");
    for (String column : List.of("NAME", "TYPE", "PHASE", "GPUS", "KW", "HALL", "AGE")) {
      assertTrue(header.contains(column), column + " missing from: " + header);
    }
    String row = gj.stdout().lines().filter(l -> l.startsWith("llm-pretrain")).findFirst().orElse("");
    assertTrue(row.contains("Training") && row.contains("Running") && row.contains("16"), row);
    CommandResult halls = cluster.kubectl("get", "halls").orThrow();
    assertTrue(halls.stdout().contains("LIMIT KW") && halls.stdout().contains("COOLING %"), halls.stdout());
    CommandResult all = cluster.kubectl("get", "wattshift", "-A").orThrow();
    assertTrue(all.stdout().contains("gpujob.wattshift.io/llm-pretrain") && all.stdout().contains("hall.wattshift.io/hall-a"),
        all.stdout());
  }

  @Test
  @Order(3)
  void aJobThatCannotFitShowsTheEnginesReasonInDescribe() {
    String job = """
        apiVersion: wattshift.io/v1alpha1
        kind: GpuJob
        metadata: {name: too-dense, namespace: default}
        spec:
          type: Training
          workers: 4
          gpusPerWorker: 8
          topology: SameRack
          template: {spec: {containers: [{name: t, image: trainer}]}}
        """;
    cluster.running().kubectlWithInput(job, "apply", "-f", "-").orThrow();
    awaitTrue(Duration.ofSeconds(60), "too-dense reported unschedulable", () -> {
      GpuJob j = client.resources(GpuJob.class).inNamespace("default").withName("too-dense").get();
      return j != null && j.getStatus() != null && "InsufficientPower".equals(j.getStatus().getReason());
    });
    GpuJob j = client.resources(GpuJob.class).inNamespace("default").withName("too-dense").get();
    assertEquals(JobPhase.Pending, j.getStatus().getPhase());
    String reason = j.getStatus().getMessage();
    assertTrue(reason.contains("kW"), reason);
    awaitTrue(Duration.ofSeconds(30), "describe shows the event", () -> cluster.kubectl("describe", "gj", "too-dense")
        .stdout().contains("FailedScheduling"));
    String describe = cluster.kubectl("describe", "gj", "too-dense").orThrow().stdout();
    assertTrue(describe.contains(reason.substring(0, Math.min(40, reason.length()))), describe);
    assertTrue(jobPods("too-dense").stream().noneMatch(Gangs::bound), "a part of the gang was bound");
    cluster.kubectl("delete", "gj", "too-dense").orThrow();
  }

  @Test
  @Order(4)
  void anInvalidGpuJobIsRefusedByTheApiServerWithAReadableMessage() {
    CommandResult tooFew = cluster.running().kubectlWithInput("""
        apiVersion: wattshift.io/v1alpha1
        kind: GpuJob
        metadata: {name: bad, namespace: default}
        spec:
          type: Inference
          replicas: 2
          minAvailable: 5
          gpusPerWorker: 1
          template: {spec: {containers: [{name: s, image: server}]}}
        """, "apply", "-f", "-");
    assertNotEquals(0, tooFew.exitCode());
    assertTrue(tooFew.stderr().contains("spec.minAvailable must be at most spec.replicas"), tooFew.stderr());
    CommandResult zeroGpus = cluster.running().kubectlWithInput("""
        apiVersion: wattshift.io/v1alpha1
        kind: GpuJob
        metadata: {name: bad, namespace: default}
        spec: {type: Training, workers: 1, gpusPerWorker: 0, template: {spec: {containers: [{name: t, image: t}]}}}
        """, "apply", "-f", "-");
    assertNotEquals(0, zeroGpus.exitCode());
    assertTrue(zeroGpus.stderr().contains("gpusPerWorker") && zeroGpus.stderr().contains("greater than or equal to 1"),
        zeroGpus.stderr());
    assertEquals(null, client.resources(GpuJob.class).inNamespace("default").withName("bad").get());
    CommandResult soon = cluster.running().kubectlWithInput("""
        apiVersion: wattshift.io/v1alpha1
        kind: Site
        metadata: {name: bad-site}
        spec: {interconnectKilowatts: 100, demandResponse: {limitKilowatts: 12, startTime: soon}}
        """, "apply", "-f", "-");
    assertNotEquals(0, soon.exitCode(), "a demand-response startTime that is not RFC 3339 is refused");
    assertTrue(soon.stderr().contains("spec.demandResponse.startTime"), soon.stderr());
    assertEquals(null, client.resources(io.wattshift.api.Site.class).withName("bad-site").get());
  }

  @Test
  @Order(5)
  void aPlainPodWithSchedulerNameAndGangAnnotationsIsScheduled() throws Exception {
    cluster.kubectl("apply", "-f", EXAMPLES.resolve("plain-pod.yaml").toString()).orThrow();
    awaitTrue(Duration.ofSeconds(60), "plain pod bound", () -> {
      Pod p = client.pods().inNamespace("default").withName("notebook-gpu").get();
      return p != null && Gangs.bound(p);
    });
    int port = first.httpPort();
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(metrics.contains("wattshift_binds_total{result=\"ok\"}"), metrics);
    assertTrue(metrics.contains("wattshift_scheduling_latency_seconds_bucket"), metrics);
    assertTrue(metrics.contains("wattshift_hall_committed_kilowatts{hall=\"hall-a\"}"), metrics);
    PowerBudgets.assertWithinBudgets(client);
  }

  @Test
  @Order(6)
  void aGpuJobThatRefersToAMissingServiceAccountSaysSoInItsStatus() {
    cluster.running().kubectlWithInput("""
        apiVersion: wattshift.io/v1alpha1
        kind: GpuJob
        metadata: {name: no-sa, namespace: default}
        spec:
          type: Training
          workers: 1
          gpusPerWorker: 1
          template: {spec: {serviceAccountName: trainer, containers: [{name: t, image: trainer}]}}
        """, "apply", "-f", "-").orThrow();
    awaitTrue(Duration.ofSeconds(60), "no-sa reports the refused pod creation", () -> {
      GpuJob j = client.resources(GpuJob.class).inNamespace("default").withName("no-sa").get();
      return j.getStatus() != null && "PodCreateFailed".equals(j.getStatus().getReason());
    });
    GpuJob j = client.resources(GpuJob.class).inNamespace("default").withName("no-sa").get();
    assertTrue(j.getStatus().getMessage().contains("trainer"), j.getStatus().getMessage());
    assertTrue(first.alive(), "the scheduler must not crash on a bad reference");
    cluster.kubectl("delete", "gj", "no-sa").orThrow();
  }

  @Test
  @Order(7)
  void whenTheLeaderIsKilledTheStandbyFinishesTheQueueWithNoPodBoundTwice() throws Exception {
    for (int i = 0; i < 6; i++) {
      cluster.running().kubectlWithInput("""
          apiVersion: wattshift.io/v1alpha1
          kind: GpuJob
          metadata: {name: queue-%d, namespace: default}
          spec:
            type: Training
            workers: 2
            gpusPerWorker: 2
            template: {spec: {containers: [{name: t, image: trainer}]}}
          """.formatted(i), "apply", "-f", "-").orThrow();
    }
    first.kill();
    Instant killed = Instant.now();
    awaitTrue(Duration.ofSeconds(30), "scheduler-2 takes the lease", () -> "scheduler-2".equals(leader()));
    Duration takeover = Duration.between(killed, Instant.now());
    assertTrue(takeover.compareTo(Duration.ofSeconds(15)) <= 0, "takeover took " + takeover);
    awaitTrue(Duration.ofSeconds(90), "the standby bound the queue", () -> {
      for (int i = 0; i < 6; i++) {
        if (phase("queue-" + i) != JobPhase.Running) {
          return false;
        }
      }
      return true;
    });
    PowerBudgets.assertWithinBudgets(client);
    String log = Files.readString(second.log);
    assertFalse(java.util.regex.Pattern.compile("binding \\S+ to \\S+ failed").matcher(log).find(),
        "the new leader tried to bind a bound pod:\n" + log);
    assertTrue(second.alive());
  }

  @Test
  @Order(8)
  void aDemandResponseEventCurtailsTheSiteToTheGridsLimitAndReportsWhatWasDone() {
    // The auditor's case: a 50 kW site reserve once turned a 12 kW limit into 0 kW and preempted everything.
    cluster.kubectl("patch", "site", "big-spring", "--type=merge", "-p",
        "{\"spec\":{\"demandResponse\":{\"limitKilowatts\":12,\"withinSeconds\":30}}}").orThrow();
    try {
      awaitTrue(Duration.ofSeconds(60), "the Site reports the event met", () -> {
        io.wattshift.api.Site site = client.resources(io.wattshift.api.Site.class).withName("big-spring").get();
        return site.getStatus() != null && site.getStatus().getDemandResponse() != null
            && site.getStatus().getConditions().stream().anyMatch(c -> "DemandResponse".equals(c.getType())
                && "LimitMet".equals(c.getReason()));
      });
      io.wattshift.api.Site site = client.resources(io.wattshift.api.Site.class).withName("big-spring").get();
      assertEquals(12, site.getStatus().getLimitKilowatts(), 1e-9, "the reserve does not come off the grid's limit");
      assertEquals(12, site.getStatus().getDemandResponse().getLimitKilowatts(), 1e-9);
      assertTrue(site.getStatus().getAiKilowatts() + site.getStatus().getMiningKilowatts() <= 12.05,
          "AI " + site.getStatus().getAiKilowatts() + " kW + mining " + site.getStatus().getMiningKilowatts() + " kW");
      assertFalse(site.getStatus().getDemandResponse().getPreemptedJobs().isEmpty(), "the queue drew more than 12 kW");
      awaitTrue(Duration.ofSeconds(30), "an event on the Site says what was done", () -> client.v1().events()
          .inAnyNamespace().list().getItems().stream().anyMatch(e -> "Site".equals(e.getInvolvedObject().getKind())
              && e.getReason().startsWith("DemandResponse") && e.getMessage().contains("preempted")));
      assertTrue(client.v1().events().inAnyNamespace().list().getItems().stream()
          .filter(e -> "Preempted".equals(e.getReason())).noneMatch(e -> e.getMessage().contains("null")));
      PowerBudgets.assertWithinBudgets(client);
    } finally {
      cluster.kubectl("patch", "site", "big-spring", "--type=json", "-p",
          "[{\"op\":\"remove\",\"path\":\"/spec/demandResponse\"}]");
    }
  }

  private static String leader() {
    Lease lease = client.leases().inNamespace("default").withName("wattshift-scheduler").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static JobPhase phase(String job) {
    GpuJob j = client.resources(GpuJob.class).inNamespace("default").withName(job).get();
    return j == null || j.getStatus() == null ? null : j.getStatus().getPhase();
  }

  private static List<Pod> jobPods(String job) {
    return client.pods().inNamespace("default").withLabel(WattshiftApi.JOB_LABEL, job).list().getItems();
  }

  private static String rackOf(Pod pod) {
    Node node = client.nodes().withName(pod.getSpec().getNodeName()).get();
    return node.getMetadata().getLabels().get("wattshift.io/hall") + "/" + node.getMetadata().getLabels().get(WattshiftApi.RACK_LABEL);
  }

  /** Waits for objects that may not exist yet (a read that throws counts as "not yet"). */
  static void awaitTrue(Duration timeout, String what, BooleanSupplier condition) {
    Await.until(what, timeout, Await.ignoringExceptions(condition));
  }
}
