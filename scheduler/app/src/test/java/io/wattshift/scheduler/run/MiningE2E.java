package io.wattshift.scheduler.run;

import static io.wattshift.scheduler.run.SchedulerE2E.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wattshift.api.Hall;
import io.wattshift.api.LeaseState;
import io.wattshift.api.MiningLease;
import io.wattshift.api.WattshiftApi;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerSpec;
import io.wattshift.miners.sim.FleetSimulator;
import io.wattshift.miners.sim.MinerModel;
import io.wattshift.miners.sim.SimConfig;
import io.wattshift.miners.sim.SimulatedMiner;
import io.wattshift.scheduler.loop.Gangs;
import io.wattshift.testbed.CommandResult;
import io.wattshift.testbed.ControlPlane;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live mining path: {@code scheduler run} in its own JVM against the real control plane, hall-a's miners being
 * the ASIC fleet simulator on loopback (it refuses a logon without the Secret's credentials). While the Hall's Secret
 * is missing the hall has no fleet: it says so (MinersUnavailable, metric), gets no lease and AI binds there
 * unhindered. Once the Secret exists, mining is leased while it pays; an AI job that needs that power waits for it (WaitingForPower event), the miners are
 * curtailed and report their idle draw, and only then do the job's pods bind.
 *
 * <p>hall-a: 40 kW feed, 4 nodes of 8 GPUs (700 W nameplate, 800 W host: 6.4 kW per node with no telemetry), ten
 * 3 kW miners at 20 J/TH (the engine books 300 W of standby each, 3 kW). Beside a first 1 x 8 GPU job (6.4 kW),
 * mining gets 30 kW (the whole fleet); AI is left 0.6 kW, less than the 12.8 kW of a 2 x 8 GPU training gang.
 */
@Tag("e2e")
class MiningE2E {
  private static final int MINERS = 10;
  private static final double FEED_W = 40_000;
  private static final double FIRST_W = 8 * 700 + 800;
  private static final double JOB_W = 2 * (8 * 700 + 800);

  @RegisterExtension
  static final ControlPlane cluster = ControlPlane.builder().noCrds().gpuNodes("hall-a", 4).build();

  private static FleetSimulator sim;
  private static SchedulerProcess scheduler;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    sim = FleetSimulator.start(SimConfig.loopback().withRamps(Duration.ofSeconds(2), Duration.ofMillis(500))
        .withCredentials(new MinerCredentials("root", "e2e-secret")), List.of(new MinerModel("s21", MINERS, 3000, 20, false)));
    client = cluster.running().client();
    WattshiftApi.KINDS.forEach(client.getKubernetesSerialization()::registerKubernetesResource);
    cluster.kubectl("apply", "--server-side", "-f", System.getProperty("wattshift.crds", "../../crds")).orThrow();
    awaitTrue(Duration.ofSeconds(60), "the CRDs are established", () -> client.apiextensions().v1()
        .customResourceDefinitions().list().getItems().stream().filter(c -> c.getSpec().getGroup().equals(WattshiftApi.GROUP))
        .filter(c -> c.getStatus() != null && c.getStatus().getConditions() != null && c.getStatus().getConditions().stream()
            .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus()))).count() == 5);
    cluster.running().kubectlWithInput(manifests(sim.specs()), "apply", "-f", "-").orThrow(); // its Secret comes later
    scheduler = new SchedulerProcess("scheduler-mining", cluster.running().kubeconfig(), cluster.running().runDir());
  }

  /** Site, policy and hall-a with the simulator's miners (the miners block `e2e/cluster miners` prints too). */
  static String manifests(List<MinerSpec> miners) {
    String list = miners.stream().map(m -> String.format(
        "      - {name: %s, host: %s, port: %d, nominalWatts: %.0f, efficiencyJoulesPerTerahash: %.1f}",
        m.id(), m.host(), m.port(), m.nameplateWatts(), m.joulesPerTerahash())).collect(Collectors.joining("\n"));
    return """
        apiVersion: wattshift.io/v1alpha1
        kind: Site
        metadata: {name: e2e-site}
        spec:
          interconnectKilowatts: 1000
          hashpriceUsdPerTerahashDay: 0.055
          energyPrice: {flatUsdPerMegawattHour: 38}
        ---
        apiVersion: wattshift.io/v1alpha1
        kind: PowerPolicy
        metadata: {name: default}
        spec:
          reserveKilowatts: 0
          capping: {mode: "Off"}
          mining: {enabled: true, marginUsdPerMegawattHour: 5, minLeaseSeconds: 0, minOffSeconds: 0, curtailTimeoutSeconds: 30}
        ---
        apiVersion: wattshift.io/v1alpha1
        kind: Hall
        metadata: {name: hall-a}
        spec:
          site: e2e-site
          feedKilowatts: 40
          cooling: {capacityKilowatts: 100}
          nodeSelector: {wattshift.io/hall: hall-a}
          hostOverheadWatts: 800
          gpuNameplateWatts: 700
          miners:
            protocol: LuxOS
            credentialsSecret: {name: hall-a-miners}
            miners:
        """ + list.replace("      - ", "              - ") + "\n";
  }

  @AfterAll
  static void stop() throws Exception {
    if (scheduler != null) {
      scheduler.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void miningIsLeasedWhileIdleAndCurtailedForAnAiJobWhosePodsBindOnlyOnceTheMinersConfirmed() throws Exception {
    // 1. The Hall names a Secret that does not exist yet: no fleet, said so, no mining, AI unhindered.
    awaitTrue(Duration.ofSeconds(60), "hall-a says MinersUnavailable / SecretNotFound", () -> client.resources(Hall.class)
        .withName("hall-a").get().getStatus().getConditions().stream().anyMatch(c -> "MinersUnavailable".equals(c.getType())
            && "True".equals(c.getStatus()) && "SecretNotFound".equals(c.getReason())));
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + scheduler.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(metrics.contains("wattshift_mining_fleet_unavailable{hall=\"hall-a\"} 1.0"), metrics);
    cluster.running().kubectlWithInput(job("first", 1), "apply", "-f", "-").orThrow();
    awaitTrue(Duration.ofSeconds(30), "a job binds in the hall without a fleet", () -> client.pods().inNamespace("default")
        .withLabel(WattshiftApi.JOB_LABEL, "first").list().getItems().stream().anyMatch(Gangs::bound));
    Thread.sleep(2000); // a grant would have come with the bind
    assertTrue(lease() == null || lease().getSpec().getKilowatts() == 0, "no mining leased without a fleet");
    Double hallMining = client.resources(Hall.class).withName("hall-a").get().getStatus().getMiningKilowatts();
    assertTrue(hallMining == null || hallMining == 0, "the engine books " + hallMining + " kW of mining in hall-a");
    assertEquals(0, sim.commandsReceived(), "no miner was commanded");

    // 2. The Secret appears: the fleet is built without a leader change and mining is leased.
    client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("hall-a-miners")
        .endMetadata().withStringData(Map.of("username", "root", "password", "e2e-secret")).build()).create();
    awaitTrue(Duration.ofSeconds(60), "mining leased and Active, every miner awake", () -> {
      MiningLease l = lease();
      return l != null && l.getStatus() != null && l.getStatus().getState() == LeaseState.Active
          && mining() == MINERS;
    });
    assertEquals(30, lease().getSpec().getKilowatts(), 0.5, "the whole fleet fits beside the first job");
    assertTrue(client.resources(Hall.class).withName("hall-a").get().getStatus().getConditions().stream()
        .anyMatch(c -> "MinersUnavailable".equals(c.getType()) && "False".equals(c.getStatus())));
    CommandResult get = cluster.kubectl("get", "miningleases").orThrow();
    assertTrue(get.stdout().contains("mining-hall-a") && get.stdout().contains("Active"), get.stdout());

    // 3. An AI job that needs mining's power.
    cluster.running().kubectlWithInput(job("needs-power", 2), "apply", "-f", "-").orThrow();
    // Watch closely: the first moment a pod of the gang is seen bound, what do the miners really draw?
    double drawAtBind = Double.NaN;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      double before = sim.totalWatts(); // read before the pods: a drop between the two reads is on the safe side
      List<Pod> pods = client.pods().inNamespace("default").withLabel(WattshiftApi.JOB_LABEL, "needs-power").list().getItems();
      if (pods.stream().anyMatch(Gangs::bound)) {
        drawAtBind = before;
        break;
      }
      Thread.sleep(50);
    }
    assertTrue(!Double.isNaN(drawAtBind), "the job's pods were never bound");
    assertTrue(FIRST_W + JOB_W + drawAtBind <= FEED_W, "pods bound while the miners drew " + drawAtBind + " W: "
        + (FIRST_W + JOB_W + drawAtBind) + " W on a " + FEED_W + " W feed");
    assertTrue(mining() < MINERS, "some miners were curtailed");
    awaitTrue(Duration.ofSeconds(30), "the gang is bound whole", () -> client.pods().inNamespace("default")
        .withLabel(WattshiftApi.JOB_LABEL, "needs-power").list().getItems().stream().filter(Gangs::bound).count() == 2);
    awaitTrue(Duration.ofSeconds(30), "the GpuJob has a WaitingForPower event", () -> client.v1().events()
        .inNamespace("default").list().getItems().stream().anyMatch(e -> "needs-power".equals(e.getInvolvedObject().getName())
            && "WaitingForPower".equals(e.getReason())));
    awaitTrue(Duration.ofSeconds(30), "the lease shows the smaller fleet", () -> {
      MiningLease l = lease();
      return l.getSpec().getKilowatts() <= (FEED_W - FIRST_W - JOB_W - MINERS * 300) / 1000 + 0.01
          && l.getStatus().getState() == LeaseState.Active;
    });
    double sleeping = sim.miners().stream().filter(m -> !m.mining()).mapToDouble(SimulatedMiner::watts).max().orElse(0);
    assertTrue(sleeping <= 300, "a curtailed miner draws " + sleeping + " W");
    PowerBudgets.assertWithinBudgets(client);
  }

  private static String job(String name, int workers) {
    return """
        apiVersion: wattshift.io/v1alpha1
        kind: GpuJob
        metadata: {name: %s, namespace: default}
        spec:
          type: Training
          workers: %d
          gpusPerWorker: 8
          topology: SameHall
          template: {spec: {containers: [{name: t, image: trainer}]}}
        """.formatted(name, workers);
  }

  private static MiningLease lease() {
    return client.resources(MiningLease.class).withName("mining-hall-a").get();
  }

  private static long mining() {
    return sim.miners().stream().filter(SimulatedMiner::mining).count();
  }
}
