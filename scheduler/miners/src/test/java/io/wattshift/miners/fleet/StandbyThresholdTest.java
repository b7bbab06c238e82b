package io.wattshift.miners.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wattshift.miners.CurtailAction;
import io.wattshift.miners.MinerFleetAdapter;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.MinerSpec;
import io.wattshift.miners.MinerStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One threshold decides whether a miner is asleep: its declared standby when the site states one, else 10 % of its
 * nameplate. Readings come from an in-memory adapter (the TCP path is covered by {@link HallFleetTest}).
 */
class StandbyThresholdTest {

    private static final double NAMEPLATE = 3000;

    /** Answers every read with the power set for the miner; every command succeeds. */
    private static final class FixedReadings implements MinerFleetAdapter {
        final Map<String, Double> watts = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<MinerStatus> curtail(MinerSpec miner, CurtailAction action) {
            return CompletableFuture.completedFuture(MinerStatus.ok(miner.id(), java.time.Instant.now()));
        }

        @Override
        public CompletableFuture<MinerStatus> read(MinerSpec miner) {
            return CompletableFuture.completedFuture(
                    MinerStatus.reading(miner.id(), watts.get(miner.id()), 0, java.time.Instant.now()));
        }

        @Override
        public void close() {
        }
    }

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final FixedReadings adapter = new FixedReadings();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private HallFleet fleet(MinerSpec m) {
        FleetPolicy policy = FleetPolicy.defaults().withConfirmTimeout(Duration.ofMillis(300));
        return new HallFleet("h", List.of(m), adapter, policy, Clock.systemUTC(), scheduler,
                new MinerMetrics(new SimpleMeterRegistry()));
    }

    private static MinerSpec miner(String standby) {
        MinerSpec m = new MinerSpec("m", "127.0.0.1", 4028, NAMEPLATE, 20);
        return standby.isEmpty() ? m : m.withStandbyWatts(Double.parseDouble(standby));
    }

    @ParameterizedTest(name = "standby ''{0}'' W, reading {1} W -> {2}, counted at {3} W")
    @CsvSource({
            // declared standby: at or below it asleep, at the reading; above it awake, at nameplate (fail safe)
            "30,  25,   ASLEEP, 25",
            "30,  30,   ASLEEP, 30",
            "30,  31,   AWAKE,  3000",
            "30,  299,  AWAKE,  3000",
            "0,   0,    ASLEEP, 0",
            "0,   0.5,  AWAKE,  3000",
            "3000, 2900, ASLEEP, 2900",
            // not declared: today's 10 % of nameplate
            "'',  31,   ASLEEP, 31",
            "'',  300,  ASLEEP, 300",
            "'',  301,  AWAKE,  3000"})
    void aMinerFoundByAReadingIsAsleepOnlyAtOrBelowItsThreshold(String standby, double reading, MinerMode mode,
                                                               double committed) throws Exception {
        HallFleet f = fleet(miner(standby));
        adapter.watts.put("m", reading);
        MinerView v = f.refresh().get(5, TimeUnit.SECONDS).miners().get(0);
        assertEquals(mode, v.mode());
        assertEquals(committed, v.committedWatts(), 1e-9);
        assertEquals(committed, f.snapshot().committedWatts(), 1e-9);
    }

    @ParameterizedTest(name = "standby ''{0}'' W, asleep then reading {1} W -> {2}")
    @CsvSource({"30, 30, ASLEEP", "30, 40, AWAKE", "'', 40, ASLEEP", "'', 301, AWAKE"})
    void aSleepingMinerThatDrawsMoreThanItsThresholdIsAwakeAgain(String standby, double reading, MinerMode mode)
            throws Exception {
        HallFleet f = fleet(miner(standby));
        adapter.watts.put("m", 10.0);
        assertEquals(MinerMode.ASLEEP, f.refresh().get(5, TimeUnit.SECONDS).miners().get(0).mode());
        adapter.watts.put("m", reading);
        assertEquals(mode, f.refresh().get(5, TimeUnit.SECONDS).miners().get(0).mode());
    }

    @ParameterizedTest(name = "standby ''{0}'' W, sleeping at {1} W: confirmed {2}")
    @CsvSource({"30, 20, true", "30, 60, false", "'', 60, true"})
    void aCurtailmentIsConfirmedOnlyWhenTheMinerReportsAtMostItsThreshold(String standby, double asleepReading,
                                                                        boolean confirmed) throws Exception {
        HallFleet f = fleet(miner(standby));
        adapter.watts.put("m", NAMEPLATE);
        f.refresh().get(5, TimeUnit.SECONDS);
        adapter.watts.put("m", asleepReading);
        CurtailmentReport r = f.curtail(1000).get(5, TimeUnit.SECONDS);
        assertEquals(confirmed ? List.of("m") : List.of(), r.confirmed());
        assertEquals(confirmed ? NAMEPLATE - asleepReading : 0, r.wattsFreed(), 1e-9);
        assertEquals(confirmed ? asleepReading : NAMEPLATE, f.snapshot().committedWatts(), 1e-9);
    }

    @Test
    void thePolicysThresholdIsTheDeclaredStandbyElseItsFractionOfNameplate() {
        FleetPolicy p = FleetPolicy.defaults();
        assertEquals(300, p.asleepWatts(miner("")), 1e-9);
        assertEquals(30, p.asleepWatts(miner("30")), 1e-9);
        assertEquals(0, p.asleepWatts(miner("0")), 1e-9);
    }

    @Test
    void aStandbyOutsideZeroToNameplateIsRefusedAndTheFiveArgumentMinerDeclaresNone() {
        assertThrows(IllegalArgumentException.class, () -> miner("-1"));
        assertThrows(IllegalArgumentException.class, () -> miner("3000.5"));
        MinerSpec plain = new MinerSpec("m", "127.0.0.1", 4028, NAMEPLATE, 20);
        assertEquals(false, plain.standbyDeclared());
        assertEquals(true, plain.withStandbyWatts(30).standbyDeclared());
        assertEquals(plain, new MinerSpec("m", "127.0.0.1", 4028, NAMEPLATE, 20), "NaN standby still compares equal");
    }
}
