package io.wattshift.scheduler.mining;

import static io.wattshift.scheduler.mining.EngineMiningFixture.HALL;
import static io.wattshift.scheduler.mining.EngineMiningFixture.awaitAll;
import static io.wattshift.scheduler.mining.EngineMiningFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.api.LeaseState;
import io.wattshift.engine.Decision;
import io.wattshift.engine.model.HallView;
import io.wattshift.engine.model.Market;
import io.wattshift.miners.sim.SimulatedMiner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real engine deciding, the controller enacting over loopback TCP on simulated miners. */
class EngineMiningLoopTest {

    private static final Market PROFITABLE = new Market(40, 45);  // 20 J/TH earns 93.75 $/MWh
    private static final Market UNPROFITABLE = new Market(2000, 45); // a price spike

    private static long miningCount(EngineMiningFixture f) {
        return f.sim.miners().stream().filter(SimulatedMiner::mining).count();
    }

    @Test
    void whenMiningPaysTheEngineLeasesIdlePowerAndTheMinersWake() throws Exception {
        try (var f = new EngineMiningFixture(6, 20, Duration.ofMillis(300), PROFITABLE)) {
            List<CompletableFuture<?>> mining = new ArrayList<>();
            var leases = only(f.step(mining), Decision.MiningLease.class);
            awaitAll(mining);
            assertEquals(1, leases.size());
            assertEquals(18, leases.get(0).kw(), 1e-9);
            assertEquals(6, miningCount(f));
            assertEquals(LeaseState.Active, f.controller.lease(HALL).orElseThrow().getStatus().getState());
        }
    }

    @Test
    void whenMiningDoesNotPayThereIsNoLeaseAndNoMinerIsWoken() throws Exception {
        try (var f = new EngineMiningFixture(6, 20, Duration.ofMillis(300), UNPROFITABLE)) {
            List<CompletableFuture<?>> mining = new ArrayList<>();
            assertEquals(List.of(), only(f.step(mining), Decision.MiningLease.class));
            assertEquals(0, miningCount(f));
            assertEquals(0, f.sim.miners().stream().mapToInt(SimulatedMiner::commandsReceived).sum());
            assertTrue(f.controller.lease(HALL).isEmpty());
        }
    }

    @Test
    void miningTheEngineFindsRunningAfterAFailoverIsCurtailedForAnAiArrival() throws Exception {
        // a new leader: the miners run (the previous leader's lease, brought back by the fleet controller) while
        // this engine has granted nothing; before, their draw sat in its books as a cut nobody issued and the job
        // waited for power for ever (mining pays here: at a losing price the adopted lease is released at once)
        try (var f = new EngineMiningFixture(6, 20, Duration.ofMillis(300), PROFITABLE)) {
            f.fleet.matchTarget(18_000).get(30, TimeUnit.SECONDS);
            f.controller.resync().get(30, TimeUnit.SECONDS);
            assertEquals(6, miningCount(f));
            List<CompletableFuture<?>> mining = new ArrayList<>();
            assertEquals(List.of(), only(f.step(mining), Decision.MiningLease.class), "adopted as it is: nothing re-granted or released");
            String job = f.submitTraining("after-failover");
            var cut = only(f.step(mining), Decision.CurtailMining.class);
            assertEquals(1, cut.size(), "the running miners are curtailed for the job");
            assertEquals(job, cut.get(0).forJob());
            awaitAll(mining);
            assertEquals(2, only(f.step(mining), Decision.Bind.class).size());
            assertTrue(miningCount(f) < 6);
        }
    }

    @Test
    void anAiArrivalCurtailsMiningAndBindsOnlyAfterTheMinersConfirmed() throws Exception {
        try (var f = new EngineMiningFixture(6, 20, Duration.ofMillis(500), PROFITABLE)) {
            List<CompletableFuture<?>> mining = new ArrayList<>();
            f.step(mining);
            awaitAll(mining);
            Thread.sleep(300); // ramp-up
            String job = f.submitTraining("llama");
            List<Decision> first = f.step(mining);
            var cut = only(first, Decision.CurtailMining.class);
            assertEquals(1, cut.size());
            assertEquals(job, cut.get(0).forJob());
            assertEquals(List.of(), only(first, Decision.Bind.class), "no bind while mining may still draw");
            assertEquals(List.of(), only(f.step(new ArrayList<>()), Decision.Bind.class));
            awaitAll(mining); // the controller has confirmed the drop and told the engine
            double simWatts = f.sim.totalWatts();
            var binds = only(f.step(mining), Decision.Bind.class);
            assertEquals(2, binds.size());
            double booked = cut.get(0).leaseKw() * 1000 + 6 * f.standbyWattsEach;
            assertTrue(simWatts <= booked, "miners drew " + simWatts + " W at bind time, " + booked + " W booked");
            var timer = f.registry.get("wattshift.curtailment").timer();
            assertEquals(1, timer.count());
            assertTrue(timer.totalTime(TimeUnit.MILLISECONDS) >= 400, "a 500 ms ramp cannot confirm sooner");
        }
    }

    @Test
    void aLargeSleepingFleetsStandbyIsBookedSoGrantsLeaveRoomAndItsCurtailmentsAreConfirmed() throws Exception {
        // 100 miners: the engine books 300 W of standby each, 30 kW; the simulated ones draw 15 W asleep, so the
        // sleeping fleet reports well over the engine's 1 kW confirmation tolerance (the old failure: no grant, no
        // confirmation), and the feed must carry AI, mining and standby together
        try (var f = new EngineMiningFixture(100, 46, Duration.ofMillis(300), PROFITABLE)) {
            List<CompletableFuture<?>> mining = new ArrayList<>();
            var leases = only(f.step(mining), Decision.MiningLease.class);
            awaitAll(mining);
            assertEquals(16, leases.get(0).kw(), 1e-9, "the 46 kW feed less 30 kW of standby");
            HallView hall = f.onContext(f.engine::halls).get(0);
            assertEquals(30, hall.miningStandbyKw(), 1e-9);
            assertEquals(5, miningCount(f));
            Thread.sleep(300);
            f.submitTraining("llama");
            var cut = only(f.step(mining), Decision.CurtailMining.class);
            assertEquals(0, cut.get(0).leaseKw(), 1e-9);
            awaitAll(mining);
            assertEquals(0, miningCount(f));
            // the engine was told the fleet's real draw, standby included: over the 1 kW tolerance, within 30 kW
            double toldKw = f.reportedKw.get(f.reportedKw.size() - 1);
            assertTrue(toldKw > 1.4 && toldKw <= 30, "the sleeping fleet reported " + toldKw + " kW");
            assertTrue(toldKw >= f.sim.totalWatts() / 1000, "told " + toldKw + " kW, drawing " + f.sim.totalWatts());
            assertEquals(2, only(f.step(mining), Decision.Bind.class).size(), "the cut was confirmed");
            hall = f.onContext(f.engine::halls).get(0);
            assertEquals(0, hall.miningCountedKw(), 1e-9);
            assertEquals(16, hall.aiKw(), 1e-9);
            double drawKw = hall.aiKw() + f.sim.totalWatts() / 1000;
            assertTrue(drawKw <= 46, "AI and the sleeping fleet draw " + drawKw + " kW of a 46 kW feed");
        }
    }

    @Test
    void aHallThatDeclaresItsStandbyBooksExactlyThatAndStillConfirmsItsCurtailments() throws Exception {
        // the Hall declares 20 W per sleeping miner (the simulated ones draw 15 W): the engine books 100 x 20 W = 2 kW
        // instead of 30 kW, so the same 46 kW feed leases 44 kW, and the sleeping fleet's 1.5 kW still confirms
        try (var f = new EngineMiningFixture(100, 46, Duration.ofMillis(300), PROFITABLE, true, 20.0)) {
            assertEquals(20, f.standbyWattsEach, 1e-9);
            List<CompletableFuture<?>> mining = new ArrayList<>();
            var leases = only(f.step(mining), Decision.MiningLease.class);
            awaitAll(mining);
            HallView hall = f.onContext(f.engine::halls).get(0);
            assertEquals(2, hall.miningStandbyKw(), 1e-9, "count x declared standby");
            assertEquals(44, leases.get(0).kw(), 1e-9, "the 46 kW feed less 2 kW of standby");
            assertEquals(14, miningCount(f));
            Thread.sleep(300);
            f.submitTraining("llama");
            var cut = only(f.step(mining), Decision.CurtailMining.class);
            assertEquals(1, cut.size());
            awaitAll(mining);
            assertTrue(f.fleet.snapshot().count(io.wattshift.miners.fleet.MinerMode.CURTAILING) == 0, "all confirmed");
            double toldKw = f.reportedKw.get(f.reportedKw.size() - 1);
            assertTrue(toldKw <= cut.get(0).leaseKw() + 2, "told " + toldKw + " kW: within lease + booked standby");
            assertEquals(2, only(f.step(mining), Decision.Bind.class).size(), "the cut was confirmed");
            hall = f.onContext(f.engine::halls).get(0);
            double drawKw = hall.aiKw() + f.sim.totalWatts() / 1000;
            assertTrue(drawKw <= 46, "AI, mining and the sleeping fleet draw " + drawKw + " kW of a 46 kW feed");
        }
    }
}
