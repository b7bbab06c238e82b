package io.wattshift.miners.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerError.Kind;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.MinerSpec;
import io.wattshift.miners.luxos.FleetClientConfig;
import io.wattshift.miners.luxos.LuxosFleetAdapter;
import io.wattshift.miners.sim.FleetSimulator;
import io.wattshift.miners.sim.MinerFault;
import io.wattshift.miners.sim.MinerModel;
import io.wattshift.miners.sim.SimConfig;
import io.wattshift.miners.sim.SimulatedMiner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A hall's fleet driven over real TCP against the simulator (ramps shortened to 200 ms). */
class HallFleetTest {

    private FleetSimulator sim;
    private LuxosFleetAdapter adapter;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private HallFleet fleet(boolean mining, Duration minOff) throws Exception {
        return fleet(mining, minOff, Double.NaN);
    }

    /** The six miners, each declaring {@code standbyWatts} (NaN: none declared). */
    private HallFleet fleet(boolean mining, Duration minOff, double standbyWatts) throws Exception {
        // J/TH 18, 20, ..., 28 for s-0000 .. s-0005 (best first)
        List<MinerModel> models = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) models.add(new MinerModel(String.format("s-%04d", i), 1, 3000, 18 + 2 * i, mining));
        sim = FleetSimulator.start(SimConfig.loopback().withRamps(Duration.ofMillis(200), Duration.ofMillis(200)), models);
        adapter = new LuxosFleetAdapter("hall-a", new FleetClientConfig(Duration.ofMillis(2000), Duration.ofMillis(2000),
                64 * 1024, 64, 2, Duration.ofMillis(10), 1), MinerCredentials.NONE, Clock.systemUTC());
        FleetPolicy policy = FleetPolicy.defaults().withConfirmTimeout(Duration.ofSeconds(2)).withMinOffTime(minOff);
        List<MinerSpec> specs = sim.specs().stream().map(m -> m.withStandbyWatts(standbyWatts)).toList();
        return new HallFleet("hall-a", specs, adapter, policy, Clock.systemUTC(), scheduler, new MinerMetrics(registry));
    }

    @AfterEach
    void stop() {
        if (adapter != null) adapter.close();
        if (sim != null) sim.close();
        scheduler.shutdownNow();
    }

    private Set<String> miningInSimulator() {
        return sim.miners().stream().filter(SimulatedMiner::mining).map(m -> m.spec().id()).collect(Collectors.toSet());
    }

    @Test
    void aLeaseWakesTheCheapestMinersUpToItsPower() throws Exception {
        HallFleet f = fleet(false, Duration.ZERO);
        f.refresh().get(5, TimeUnit.SECONDS);
        FleetChange c = f.matchTarget(10_000).get(5, TimeUnit.SECONDS);
        assertEquals(List.of("s-0000", "s-0001", "s-0002"), c.woken());
        assertEquals(Set.of("s-0000", "s-0001", "s-0002"), miningInSimulator());
        assertTrue(f.snapshot().committedWatts() <= 10_000, "committed " + f.snapshot().committedWatts());
    }

    @Test
    void curtailmentSleepsTheWorstMinersAndConfirmsTheDropFromTheirReadings() throws Exception {
        HallFleet f = fleet(true, Duration.ZERO);
        f.refresh().get(5, TimeUnit.SECONDS);
        assertEquals(18_000, f.snapshot().committedWatts(), 1);
        CurtailmentReport r = f.curtail(5_000).get(5, TimeUnit.SECONDS);
        assertEquals(List.of("s-0005", "s-0004"), r.commanded());
        assertEquals(List.of("s-0005", "s-0004"), r.confirmed());
        assertTrue(r.satisfied());
        assertTrue(r.wattsFreed() > 5_900, "freed " + r.wattsFreed());
        assertTrue(f.snapshot().committedWatts() < 12_100);
        assertEquals(Set.of("s-0000", "s-0001", "s-0002", "s-0003"), miningInSimulator());
    }

    @Test
    void aSilentMinerStaysCountedAtNameplateAndIsReported() throws Exception {
        HallFleet f = fleet(true, Duration.ZERO);
        f.refresh().get(5, TimeUnit.SECONDS);
        sim.miner("s-0005").setFault(MinerFault.SILENT);
        CurtailmentReport r = f.curtail(5_000).get(20, TimeUnit.SECONDS);
        assertEquals(List.of("s-0004"), r.confirmed());
        assertEquals(Kind.TIMEOUT, r.unconfirmed().get("s-0005").kind());
        assertFalse(r.satisfied());
        var silent = f.snapshot().miners().stream().filter(v -> v.spec().id().equals("s-0005")).findFirst().orElseThrow();
        assertEquals(3000, silent.committedWatts());
        assertFalse(silent.healthy());
        assertEquals(1.0, registry.get("wattshift.miners").tag("hall", "hall-a").tag("state", "unhealthy").gauge().value());
    }

    @Test
    void aGarbageReplyMarksOneMinerUnhealthyAndTheOthersCarryOn() throws Exception {
        HallFleet f = fleet(true, Duration.ZERO);
        sim.miner("s-0002").setFault(MinerFault.GARBAGE);
        FleetSnapshot s = f.refresh().get(5, TimeUnit.SECONDS);
        assertEquals(1, s.unhealthy());
        assertEquals(5, s.count(MinerMode.AWAKE));
        assertEquals(18_000, s.committedWatts(), 1);
        assertTrue(registry.get("wattshift.miner.errors").tag("kind", "malformed_reply").counter().count() >= 1);
        sim.miner("s-0002").setFault(MinerFault.NONE);
        assertEquals(0, f.refresh().get(5, TimeUnit.SECONDS).unhealthy());
    }

    @Test
    void reconcilingAFleetThatAlreadyMatchesSendsNoCommand() throws Exception {
        HallFleet f = fleet(true, Duration.ZERO);
        // the previous leader left s-0004 and s-0005 asleep
        f.refresh().get(5, TimeUnit.SECONDS);
        f.curtail(5_000).get(5, TimeUnit.SECONDS);
        int before = sim.miners().stream().mapToInt(SimulatedMiner::commandsReceived).sum();
        HallFleet fresh = new HallFleet("hall-a", sim.specs(), adapter, FleetPolicy.defaults(), Clock.systemUTC(),
                scheduler, new MinerMetrics(new SimpleMeterRegistry()));
        FleetChange c = fresh.reconcile(Set.of("s-0000", "s-0001", "s-0002", "s-0003")).get(5, TimeUnit.SECONDS);
        assertEquals(0, c.commands());
        assertEquals(before, sim.miners().stream().mapToInt(SimulatedMiner::commandsReceived).sum());
        // a swap: s-0003 goes to sleep first, and s-0004 is not woken while s-0003 still draws (both at nameplate
        // would exceed the lease); s-0004 waits for a later step
        FleetChange c2 = fresh.reconcile(Set.of("s-0000", "s-0001", "s-0002", "s-0004")).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), c2.woken());
        assertEquals(List.of("s-0003"), c2.slept());
        assertEquals(4 * 3000.0, fresh.snapshot().leaseWatts(), 1e-9, "never more than the four miners' lease");
    }

    @Test
    void recentlyCurtailedMinersAreNotWokenBeforeTheMinimumOffTime() throws Exception {
        HallFleet f = fleet(true, Duration.ofMinutes(5));
        f.refresh().get(5, TimeUnit.SECONDS);
        f.curtail(5_000).get(5, TimeUnit.SECONDS);
        FleetChange c = f.matchTarget(18_000).get(5, TimeUnit.SECONDS);
        assertEquals(0, c.commands());
        assertFalse(sim.miner("s-0005").mining());
    }

    @Test
    void minersFoundAsleepAtStartMayBeWokenAtOnce() throws Exception {
        HallFleet f = fleet(false, Duration.ofMinutes(5));
        f.refresh().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("s-0000", "s-0001"), f.matchTarget(6_000).get(5, TimeUnit.SECONDS).woken());
    }

    @Test
    void aGridEventShedsMiningDownToTheCap() throws Exception {
        HallFleet f = fleet(true, Duration.ZERO);
        f.refresh().get(5, TimeUnit.SECONDS);
        CurtailmentReport r = f.curtailTo(9_000).get(5, TimeUnit.SECONDS);
        assertTrue(r.satisfied());
        assertTrue(f.snapshot().committedWatts() <= 9_000, "committed " + f.snapshot().committedWatts());
    }

    @Test
    void aDeclaredStandbyAboveTheSimulatedIdleDrawConfirmsTheCurtailment() throws Exception {
        // the simulated S-class miners idle at 15 W (0.5 % of 3 kW); the site declares 40 W
        HallFleet f = fleet(true, Duration.ZERO, 40);
        f.refresh().get(5, TimeUnit.SECONDS);
        CurtailmentReport r = f.curtail(5_000).get(5, TimeUnit.SECONDS);
        assertEquals(List.of("s-0005", "s-0004"), r.confirmed());
        assertTrue(r.satisfied());
        FleetSnapshot s = f.snapshot();
        assertEquals(2, s.count(MinerMode.ASLEEP));
        assertEquals(4 * 3000 + 2 * 15, s.committedWatts(), 1, "the sleeping pair counted at their own 15 W");
    }

    @Test
    void aDeclaredStandbyBelowTheRealIdleDrawLeavesTheMinersAtNameplate() throws Exception {
        // the site under-declares (10 W for miners idling at 15 W): no miner is ever confirmed asleep, so nothing is
        // freed and the hall keeps counting them at nameplate (fail safe) rather than trusting a figure it cannot book
        HallFleet f = fleet(true, Duration.ZERO, 10);
        f.refresh().get(5, TimeUnit.SECONDS);
        CurtailmentReport r = f.curtail(5_000).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(), r.confirmed());
        assertEquals(Set.of("s-0005", "s-0004"), r.unconfirmed().keySet());
        assertFalse(r.satisfied());
        assertEquals(18_000, f.snapshot().committedWatts(), 1);
        assertEquals(Set.of("s-0000", "s-0001", "s-0002", "s-0003"), miningInSimulator(), "the commands still went out");
    }
}
