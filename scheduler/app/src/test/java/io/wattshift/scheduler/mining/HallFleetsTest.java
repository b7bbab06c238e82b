package io.wattshift.scheduler.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wattshift.api.Hall;
import io.wattshift.api.MinerFleet;
import io.wattshift.api.MinerProtocol;
import io.wattshift.api.SecretReference;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.fleet.CurtailmentReport;
import io.wattshift.scheduler.loop.Fixtures;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fleets follow the Halls and their Secrets; a hall whose fleet cannot be built says why and gets none. */
class HallFleetsTest {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService storeWorker = Executors.newSingleThreadExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MinerMetrics metrics = new MinerMetrics(registry);
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    private final MiningLeaseController controller = new MiningLeaseController(Map.of(), new InMemoryLeaseStore(),
            new MiningEvents() {
                @Override
                public void curtailed(String hall, double leaseKw, double miningKw, CurtailmentReport report) {
                }

                @Override
                public void fleetPower(String hall, double miningKw) {
                }
            }, () -> 45, metrics, Clock.systemUTC(), storeWorker);
    private final HallFleets fleets = new HallFleets(controller, (ns, name) -> secrets.get(ns + "/" + name),
            "wattshift-system", metrics, Clock.systemUTC(), timers);

    @AfterEach
    void stop() {
        fleets.close();
        timers.shutdownNow();
        storeWorker.shutdownNow();
    }

    private static Hall hall(String name) {
        Hall h = Fixtures.hall(name, "s", 100, 50);
        MinerFleet fleet = new MinerFleet();
        var m = new io.wattshift.api.Miner();
        m.setName("m1");
        m.setHost("127.0.0.1");
        m.setPort(1);
        m.setNominalWatts(3000.0);
        m.setEfficiencyJoulesPerTerahash(20.0);
        fleet.setMiners(List.of(m));
        SecretReference ref = new SecretReference();
        ref.setName("miners-" + name);
        fleet.setCredentialsSecret(ref);
        h.getSpec().setMiners(fleet);
        return h;
    }

    private void putSecret(String name, String password) {
        secrets.put("wattshift-system/" + name, new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .withStringData(Map.of("username", "root", "password", password)).build());
    }

    private double unavailableGauge(String hall) {
        return registry.get("wattshift.mining.fleet.unavailable").tag("hall", hall).gauge().value();
    }

    @Test
    void aMissingSecretLeavesTheHallWithoutAFleetUntilItAppears() {
        Hall a = hall("hall-a");
        fleets.update(List.of(a), null);
        assertFalse(controller.hasFleet("hall-a"));
        assertEquals("SecretNotFound", fleets.condition("hall-a").orElseThrow().reason());
        assertTrue(fleets.condition("hall-a").orElseThrow().message().contains("wattshift-system/miners-hall-a"));
        assertEquals(1, unavailableGauge("hall-a"));

        putSecret("miners-hall-a", "pw");
        fleets.update(List.of(a), null);
        assertTrue(controller.hasFleet("hall-a"), "rebuilt when the Secret appears, not only at the next leadership");
        assertEquals(HallFleets.READY, fleets.condition("hall-a").orElseThrow());
        assertEquals(0, unavailableGauge("hall-a"));
    }

    @Test
    void aFleetIsRebuiltOnlyWhenItsPartsChangeAndRemovedWithItsMiners() {
        putSecret("miners-hall-a", "pw");
        Hall a = hall("hall-a");
        fleets.update(List.of(a), null);
        assertEquals(java.util.Set.of("hall-a"), fleets.halls());
        assertTrue(controller.hasFleet("hall-a"));
        fleets.update(List.of(a), null); // nothing changed: no rebuild
        putSecret("miners-hall-a", "rotated");
        fleets.update(List.of(a), null);
        assertTrue(controller.hasFleet("hall-a"));
        a.getSpec().setMiners(null);
        fleets.update(List.of(a), null);
        assertFalse(controller.hasFleet("hall-a"));
        assertTrue(fleets.condition("hall-a").isEmpty(), "no miners declared: no condition to keep");
    }

    @Test
    void aBraiinsOsFleetIsBuiltAndAProtocolChangeRebuildsIt() {
        putSecret("miners-hall-b", "pw");
        Hall b = hall("hall-b");
        b.getSpec().getMiners().setProtocol(MinerProtocol.BraiinsOS);
        fleets.update(List.of(b), null);
        assertTrue(controller.hasFleet("hall-b"), "Braiins OS has an adapter now");
        assertEquals(HallFleets.READY, fleets.condition("hall-b").orElseThrow());
        b.getSpec().getMiners().setProtocol(MinerProtocol.LuxOS);
        fleets.update(List.of(b), null);
        assertTrue(controller.hasFleet("hall-b"), "rebuilt with the LuxOS adapter");
        assertEquals(HallFleets.READY, fleets.condition("hall-b").orElseThrow());
    }

    @Test
    void anUnreadableSecretKeepsTheFleetItHas() {
        putSecret("miners-hall-a", "pw");
        Hall a = hall("hall-a");
        fleets.update(List.of(a), null);
        var down = new HallFleets(controller, (ns, name) -> {
            throw new IllegalStateException("connection refused");
        }, "wattshift-system", metrics, Clock.systemUTC(), timers);
        down.update(List.of(a), null);
        assertTrue(controller.hasFleet("hall-a"), "an API hiccup does not take a working fleet away");
        assertTrue(down.condition("hall-a").orElseThrow().equals(HallFleets.READY), "and reports no problem");
    }

    @Test
    void theConditionKeepsOtherConditionsAndItsTransitionTime() {
        Hall a = hall("hall-a");
        Instant t0 = Instant.parse("2026-11-26T01:00:00Z");
        a.setStatus(new io.wattshift.api.HallStatus());
        a.getStatus().setConditions(HallMiningConditions.with(List.of(), a, "Ready", true, "Scheduling", "x", t0));
        assertFalse(HallMiningConditions.live(a), "no word from the mining side: not live");
        a.getStatus().setConditions(HallMiningConditions.with(a.getStatus().getConditions(), a,
                HallMiningConditions.MINERS_UNAVAILABLE, true, "SecretNotFound", "Secret x not found", t0));
        assertFalse(HallMiningConditions.live(a));
        assertTrue(HallMiningConditions.has(a, HallMiningConditions.MINERS_UNAVAILABLE, true, "SecretNotFound", "Secret x not found"));
        var again = HallMiningConditions.with(a.getStatus().getConditions(), a,
                HallMiningConditions.MINERS_UNAVAILABLE, true, "SecretNotFound", "Secret y not found", t0.plusSeconds(60));
        assertEquals(2, again.size());
        assertEquals(t0.toString(), again.get(1).getLastTransitionTime(), "same status: the transition time stays");
        a.getStatus().setConditions(HallMiningConditions.with(again, a, HallMiningConditions.MINERS_UNAVAILABLE,
                false, "FleetReady", "ok", t0.plusSeconds(120)));
        assertTrue(HallMiningConditions.live(a));
        assertEquals("Ready", a.getStatus().getConditions().get(0).getType());
    }
}
