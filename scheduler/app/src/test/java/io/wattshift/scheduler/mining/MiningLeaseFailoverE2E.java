package io.wattshift.scheduler.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wattshift.api.LeaseState;
import io.wattshift.api.MiningLease;
import io.wattshift.api.WattshiftApi;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.fleet.CurtailmentReport;
import io.wattshift.miners.fleet.FleetPolicy;
import io.wattshift.miners.fleet.HallFleet;
import io.wattshift.miners.luxos.FleetClientConfig;
import io.wattshift.miners.luxos.LuxosFleetAdapter;
import io.wattshift.miners.sim.FleetSimulator;
import io.wattshift.miners.sim.MinerModel;
import io.wattshift.miners.sim.SimConfig;
import io.wattshift.miners.sim.SimulatedMiner;
import io.wattshift.testbed.ControlPlane;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MiningLease objects in a real kube-apiserver (CRD validation, status subresource, printer columns) and a
 * leader failover: a second controller, knowing only what the API server holds, adopts the fleet without
 * commanding a single miner.
 */
@Tag("e2e")
class MiningLeaseFailoverE2E {

    @RegisterExtension
    static final ControlPlane cluster = ControlPlane.builder()
            .crds(Path.of(System.getProperty("wattshift.crds", "../../crds"))).withoutControllerManager().build();

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService storeWorker = Executors.newSingleThreadExecutor(r -> new Thread(r, "lease-store"));

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) c.close();
        timers.shutdownNow();
        storeWorker.shutdownNow();
    }

    private MiningLeaseController controller(FleetSimulator sim, KubernetesClient client) {
        var adapter = new LuxosFleetAdapter("hall-e2e", FleetClientConfig.defaults(), MinerCredentials.NONE, Clock.systemUTC());
        closeables.add(adapter);
        var metrics = new MinerMetrics(new SimpleMeterRegistry());
        var fleet = new HallFleet("hall-e2e", sim.specs(), adapter, FleetPolicy.defaults().withMinOffTime(Duration.ZERO)
                .withConfirmTimeout(Duration.ofSeconds(5)), Clock.systemUTC(), timers, metrics);
        MiningEvents ignore = new MiningEvents() {
            @Override
            public void curtailed(String hall, double leaseKw, double committedKw, CurtailmentReport report) {
            }

            @Override
            public void fleetPower(String hall, double committedKw) {
            }
        };
        return new MiningLeaseController(Map.of("hall-e2e", fleet), new KubeMiningLeaseStore(client), ignore,
                () -> 50, metrics, Clock.systemUTC(), storeWorker);
    }

    private MiningLease stored(KubernetesClient client) throws Exception {
        storeWorker.submit(() -> { }).get(30, TimeUnit.SECONDS);
        return client.resources(MiningLease.class).withName("mining-hall-e2e").get();
    }

    @Test
    void leasesLiveInTheApiServerAndANewLeaderAdoptsTheFleetWithoutFlapping() throws Exception {
        KubernetesClient client = cluster.running().client();
        WattshiftApi.KINDS.forEach(client.getKubernetesSerialization()::registerKubernetesResource);
        List<MinerModel> models = new ArrayList<>();
        for (int i = 0; i < 4; i++) models.add(new MinerModel("m-" + i, 1, 3000, 18 + 2 * i, false));
        try (FleetSimulator sim = FleetSimulator.start(SimConfig.loopback()
                .withRamps(Duration.ofMillis(200), Duration.ofMillis(200)), models)) {
            var leader = controller(sim, client);
            leader.adoptFleets().get(30, TimeUnit.SECONDS);
            leader.applyLease("hall-e2e", 6.5, "idle power, mining pays").get(30, TimeUnit.SECONDS);
            MiningLease l = stored(client);
            assertEquals(6.5, l.getSpec().getKilowatts());
            assertEquals(List.of("m-0", "m-1"), l.getSpec().getMiners());
            assertEquals(LeaseState.Active, l.getStatus().getState());
            String table = cluster.kubectl("get", "mininglease", "mining-hall-e2e").orThrow().stdout();
            assertTrue(table.contains("hall-e2e") && table.contains("Active"), table);

            Thread.sleep(300);
            int commands = sim.miners().stream().mapToInt(SimulatedMiner::commandsReceived).sum();
            var successor = controller(sim, client); // the old leader is gone; a fresh process takes over
            successor.adoptFleets().get(30, TimeUnit.SECONDS);
            assertEquals(commands, sim.miners().stream().mapToInt(SimulatedMiner::commandsReceived).sum());
            assertEquals(6.5, successor.lease("hall-e2e").orElseThrow().getSpec().getKilowatts());

            successor.curtail("hall-e2e", 6.5, 0, "ns/train", java.time.Instant.now()).get(30, TimeUnit.SECONDS);
            assertEquals(LeaseState.Curtailed, stored(client).getStatus().getState());
            assertEquals(0, sim.miners().stream().filter(SimulatedMiner::mining).count());
        }
    }
}
