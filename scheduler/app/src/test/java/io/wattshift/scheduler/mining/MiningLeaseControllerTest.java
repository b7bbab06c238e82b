package io.wattshift.scheduler.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wattshift.api.LeaseState;
import io.wattshift.api.MiningLease;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.fleet.CurtailmentReport;
import io.wattshift.miners.fleet.FleetPolicy;
import io.wattshift.miners.fleet.HallFleet;
import io.wattshift.miners.luxos.FleetClientConfig;
import io.wattshift.miners.luxos.LuxosFleetAdapter;
import io.wattshift.miners.sim.FleetSimulator;
import io.wattshift.miners.sim.MinerFault;
import io.wattshift.miners.sim.MinerModel;
import io.wattshift.miners.sim.SimConfig;
import io.wattshift.miners.sim.SimulatedMiner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lease controller against simulated miners over real loopback TCP (ramps 300 ms). */
class MiningLeaseControllerTest {

    private static final String HALL = "hall-a";
    private static final double HASHPRICE = 50; // $/PH/day

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService storeWorker = Executors.newSingleThreadExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemoryLeaseStore store = new InMemoryLeaseStore();
    private final Events events = new Events();
    private FleetSimulator sim;

    /** Records what the engine would be told, and the fleet's real draw at that moment. */
    final class Events implements MiningEvents {
        final List<String> log = new CopyOnWriteArrayList<>();
        volatile double simWattsAtCurtailed = Double.NaN;
        volatile double committedKw = Double.NaN;

        @Override
        public void curtailed(String hall, double leaseKw, double committedKw, CurtailmentReport report) {
            simWattsAtCurtailed = sim.totalWatts();
            this.committedKw = committedKw;
            log.add("curtailed " + hall + " " + leaseKw);
        }

        @Override
        public void fleetPower(String hall, double committedKw) {
            this.committedKw = committedKw;
            log.add("power " + hall);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) c.close();
        if (sim != null) sim.close();
        scheduler.shutdownNow();
        storeWorker.shutdownNow();
    }

    /** Six 3 kW miners, J/TH 18, 20, ..., 28 (s-0000 is the cheapest to run). */
    private void startSimulator(boolean mining) throws Exception {
        List<MinerModel> models = new ArrayList<>();
        for (int i = 0; i < 6; i++) models.add(new MinerModel(String.format("s-%04d", i), 1, 3000, 18 + 2 * i, mining));
        sim = FleetSimulator.start(SimConfig.loopback().withRamps(Duration.ofMillis(300), Duration.ofMillis(300))
                .withCredentials(new MinerCredentials("root", "pw")), models);
    }

    private MiningLeaseController controller() {
        var adapter = new LuxosFleetAdapter(HALL, new FleetClientConfig(Duration.ofMillis(2000), Duration.ofMillis(2000),
                64 * 1024, 64, 2, Duration.ofMillis(10), 1), new MinerCredentials("root", "pw"), Clock.systemUTC());
        closeables.add(adapter);
        var metrics = new MinerMetrics(registry);
        var policy = FleetPolicy.defaults().withConfirmTimeout(Duration.ofSeconds(1)).withMinOffTime(Duration.ZERO);
        var fleet = new HallFleet(HALL, sim.specs(), adapter, policy, Clock.systemUTC(), scheduler, metrics);
        return new MiningLeaseController(Map.of(HALL, fleet), store, events, () -> HASHPRICE, metrics,
                Clock.systemUTC(), storeWorker);
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        T v = f.get(20, TimeUnit.SECONDS);
        storeWorker.submit(() -> { }).get(5, TimeUnit.SECONDS); // saves queued before this one are done
        return v;
    }

    private List<String> mining() {
        return sim.miners().stream().filter(SimulatedMiner::mining).map(m -> m.spec().id()).sorted().toList();
    }

    private int commandsSeen() {
        return sim.miners().stream().mapToInt(SimulatedMiner::commandsReceived).sum();
    }

    @Test
    void aGrantedLeaseWakesTheCheapestMinersAndIsStoredActive() throws Exception {
        startSimulator(false);
        var c = controller();
        await(c.adoptFleets());
        MiningLease l = await(c.applyLease(HALL, 10, "idle power, mining pays"));
        assertEquals(List.of("s-0000", "s-0001", "s-0002"), mining());
        assertEquals(LeaseState.Active, l.getStatus().getState());
        assertEquals(List.of("s-0000", "s-0001", "s-0002"), l.getSpec().getMiners());
        assertEquals(9.0, l.getStatus().getKilowatts(), 0.1); // plus the idle draw of the sleeping three
        Thread.sleep(400); // ramp-up
        await(c.resync());
        MiningLease stored = store.leases.get("mining-" + HALL);
        double ths = 3000 / 18.0 + 3000 / 20.0 + 3000 / 22.0;
        assertEquals(ths, stored.getStatus().getHashrateTerahash(), 0.5);
        assertEquals(ths / 1000 * HASHPRICE / 24, stored.getStatus().getEstimatedRevenueUsdPerHour(), 0.01);
    }

    @Test
    void aZeroLeaseReleasesAndSleepsEveryMiner() throws Exception {
        startSimulator(false);
        var c = controller();
        await(c.applyLease(HALL, 10, "mining pays"));
        MiningLease l = await(c.applyLease(HALL, 0, "energy price above hashprice"));
        assertEquals(List.of(), mining());
        assertEquals(LeaseState.Released, l.getStatus().getState());
        assertEquals(LeaseState.Released, store.leases.get("mining-" + HALL).getStatus().getState());
    }

    @Test
    void anAiArrivalCurtailsAndReportsOnlyOnceTheMinersConfirmedTheDrop() throws Exception {
        startSimulator(true);
        var c = controller();
        await(c.adoptFleets()); // no lease stored: a new leader puts the fleet to sleep ...
        assertEquals(List.of(), mining());
        await(c.applyLease(HALL, 18, "mining pays")); // ... and the engine grants it again
        Thread.sleep(400);
        await(c.resync());
        Instant arrival = Instant.now();
        CurtailmentReport r = await(c.curtail(HALL, 5, 13, "train-llama", arrival));
        assertTrue(r.satisfied(), r.toString());
        assertEquals(List.of("s-0005", "s-0004"), r.commanded());
        // when the engine heard "curtailed" (and could bind), the fleet really drew no more than the lease
        assertTrue(events.simWattsAtCurtailed <= 13_000, "fleet drew " + events.simWattsAtCurtailed + " W");
        assertTrue(events.committedKw <= 13, "committed " + events.committedKw);
        var timer = registry.get("wattshift.curtailment").timer();
        assertEquals(1, timer.count());
        assertTrue(timer.totalTime(TimeUnit.MILLISECONDS) >= 250, "a 300 ms ramp cannot confirm sooner");
        assertEquals(LeaseState.Active, c.lease(HALL).orElseThrow().getStatus().getState());
        assertEquals(13.0, c.lease(HALL).orElseThrow().getSpec().getKilowatts());
    }

    @Test
    void aSilentMinerIsCountedAtNameplateAndNamedInTheLease() throws Exception {
        startSimulator(true);
        var c = controller();
        await(c.applyLease(HALL, 18, "mining pays"));
        sim.miner("s-0005").setFault(MinerFault.SILENT);
        CurtailmentReport r = await(c.curtail(HALL, 5, 0, "train-llama", Instant.now()));
        assertFalse(r.unconfirmed().isEmpty());
        assertTrue(r.unconfirmed().containsKey("s-0005"));
        assertTrue(events.committedKw >= 3.0, "the silent miner still counts: " + events.committedKw);
        MiningLease l = c.lease(HALL).orElseThrow();
        assertEquals(LeaseState.Curtailed, l.getStatus().getState());
        assertTrue(l.getStatus().getUnhealthyMiners().contains("s-0005"));
    }

    @Test
    void aGarbageReplyIsAnErrorAndTheLoopGoesOn() throws Exception {
        startSimulator(true);
        var c = controller();
        sim.miner("s-0002").setFault(MinerFault.GARBAGE);
        await(c.resync());
        assertEquals(18.0, events.committedKw, 0.01); // unknown + unhealthy: all at nameplate
        assertTrue(registry.get("wattshift.miner.errors").tag("kind", "malformed_reply").counter().count() >= 1);
        sim.miner("s-0002").setFault(MinerFault.NONE);
        // still unhealthy in the books until it answers again, so it takes 3 kW of a 6 kW lease
        await(c.applyLease(HALL, 6, "mining pays"));
        assertEquals(List.of("s-0000"), mining());
        await(c.resync());
        await(c.applyLease(HALL, 6, "mining pays"));
        assertEquals(List.of("s-0000", "s-0001"), mining());
    }

    @Test
    void aNewLeaderAdoptsTheFleetWithoutCommandingMinersAlreadyRight() throws Exception {
        startSimulator(false);
        var first = controller();
        await(first.applyLease(HALL, 10, "mining pays"));
        Thread.sleep(400);
        int before = commandsSeen();
        var second = controller(); // fresh process: knows nothing but the stored leases
        await(second.adoptFleets());
        assertEquals(before, commandsSeen());
        assertEquals(List.of("s-0000", "s-0001", "s-0002"), mining());
        assertEquals(10.0, second.lease(HALL).orElseThrow().getSpec().getKilowatts());
    }

    @Test
    void anUnreadableStoreCommandsNothingOnAdoption() throws Exception {
        startSimulator(true);
        var c = controller();
        store.failing = true;
        var e = assertThrows(ExecutionException.class, () -> c.adoptFleets().get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(6, mining().size());
    }

    @Test
    void aResyncRetriesAnAdoptionTheStoreRefused() throws Exception {
        startSimulator(true);
        var c = controller();
        store.failing = true;
        assertThrows(ExecutionException.class, () -> c.adoptFleets().get(5, TimeUnit.SECONDS));
        await(c.resync()); // still failing: nothing commanded, nothing thrown
        assertEquals(6, mining().size());
        store.failing = false;
        await(c.resync()); // adopts now: no lease stored, so the hall has no mining power
        assertEquals(List.of(), mining());
    }

    @Test
    void aHallWithoutAFleetIsAnsweredWithZeroKilowattsNotAFailure() throws Exception {
        startSimulator(false);
        var c = controller();
        assertEquals(null, c.applyLease("hall-z", 5, "x").get(5, TimeUnit.SECONDS));
        CurtailmentReport r = c.curtail("hall-z", 5, 0, "ns/job", null).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), r.commanded());
        assertEquals(0, sim.miners().stream().mapToInt(SimulatedMiner::commandsReceived).sum(), "no miner of another hall");
        assertTrue(c.lease("hall-z").isEmpty());
    }
}
