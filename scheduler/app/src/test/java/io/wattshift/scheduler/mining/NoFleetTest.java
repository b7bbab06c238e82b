package io.wattshift.scheduler.mining;

import static io.wattshift.scheduler.mining.EngineMiningFixture.HALL;
import static io.wattshift.scheduler.mining.EngineMiningFixture.awaitAll;
import static io.wattshift.scheduler.mining.EngineMiningFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.api.LeaseState;
import io.wattshift.engine.Decision;
import io.wattshift.engine.model.Market;
import io.wattshift.miners.sim.SimulatedMiner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A hall whose Hall spec declares miners but whose fleet could not be built (missing Secret, protocol without an
 * adapter): the engine may still lease to it (until the MinersUnavailable condition reaches it), and AI must win
 * anyway. The old failure: the controller's future failed with "no miner fleet for hall", nobody heard, and the
 * engine waited for a curtailment confirmation for ever.
 */
class NoFleetTest {

    private static final Market PROFITABLE = new Market(40, 45);

    @Test
    void anAiJobNeedingTheLeasedPowerOfAHallWithoutAFleetBindsAtOnce() throws Exception {
        try (var f = new EngineMiningFixture(6, 20, Duration.ofMillis(300), PROFITABLE, false)) {
            List<CompletableFuture<?>> mining = new ArrayList<>();
            var leases = only(f.step(mining), Decision.MiningLease.class);
            assertEquals(1, leases.size(), "the engine still books the Hall's fleet");
            awaitAll(mining);
            f.submitTraining("llama");
            var cut = only(f.step(mining), Decision.CurtailMining.class);
            assertEquals(1, cut.size());
            awaitAll(mining); // answered at once with 0 kW: nothing we command draws mining power
            assertEquals(2, only(f.step(mining), Decision.Bind.class).size(), "the cut was confirmed, the job binds");
            assertEquals(List.of(), f.failures, "no decision failed");
            assertEquals(0, f.reportedKw.get(f.reportedKw.size() - 1), 1e-9);
            assertEquals(0, f.sim.miners().stream().mapToInt(SimulatedMiner::commandsReceived).sum());
            assertEquals(1.0, f.registry.get("wattshift.mining.decisions").tag("decision", "curtail")
                    .tag("outcome", "no_fleet").counter().count(), 1e-9);
        }
    }

    @Test
    void aFleetBuiltLaterIsAdoptedAsleepAndTakesTheNextLease() throws Exception {
        try (var f = new EngineMiningFixture(6, 20, Duration.ofMillis(300), PROFITABLE, false)) {
            f.controller.setFleet(HALL, f.fleet).get(30, TimeUnit.SECONDS);
            assertTrue(f.controller.hasFleet(HALL));
            assertEquals(0, f.sim.miners().stream().filter(SimulatedMiner::mining).count(), "no lease: asleep");
            List<CompletableFuture<?>> mining = new ArrayList<>();
            var leases = only(f.step(mining), Decision.MiningLease.class);
            awaitAll(mining);
            assertEquals(18, leases.get(0).kw(), 1e-9);
            assertEquals(6, f.sim.miners().stream().filter(SimulatedMiner::mining).count());
            assertEquals(LeaseState.Active, f.controller.lease(HALL).orElseThrow().getStatus().getState());
            f.controller.setFleet(HALL, null).get(5, TimeUnit.SECONDS);
            f.submitTraining("llama");
            only(f.step(mining), Decision.CurtailMining.class);
            awaitAll(mining);
            assertEquals(2, only(f.step(mining), Decision.Bind.class).size(), "a fleet removed never blocks AI");
        }
    }

    @Test
    void aLeaseGrantedBeforeTheFleetWasBuiltIsEnactedWhenItIs() throws Exception {
        try (var f = new EngineMiningFixture(6, 20, Duration.ofMillis(300), PROFITABLE, false)) {
            List<CompletableFuture<?>> mining = new ArrayList<>();
            f.controller.adoptFleets().get(5, TimeUnit.SECONDS);
            assertEquals(18, only(f.step(mining), Decision.MiningLease.class).get(0).kw(), 1e-9);
            awaitAll(mining);
            assertEquals(0, f.sim.miners().stream().filter(SimulatedMiner::mining).count());
            f.controller.setFleet(HALL, f.fleet).get(30, TimeUnit.SECONDS); // the Secret appeared
            assertEquals(6, f.sim.miners().stream().filter(SimulatedMiner::mining).count(),
                    "the engine's lease is what the new fleet is brought to");
            assertEquals(LeaseState.Active, f.controller.lease(HALL).orElseThrow().getStatus().getState());
            assertEquals(18, f.controller.lease(HALL).orElseThrow().getSpec().getKilowatts(), 1e-9);
        }
    }
}
