package io.wattshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.engine.model.HallView;
import io.wattshift.engine.model.Market;
import io.wattshift.engine.model.MinerFleetSpec;
import io.wattshift.engine.model.MiningReport;
import io.wattshift.engine.model.Policy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sleeping miners still draw their standby (control board, fans, PSU idle). The engine books the fleet's standby as
 * the hall's base load: in power and heat, in the curtailment confirmation and in what a grant may take.
 */
class StandbyTest {
    private static final Market PROFITABLE = new Market(40, 45);   // S21: 107.1 $/MWh earned, 67 over energy
    private static final Market UNPROFITABLE = new Market(500, 45);

    static Stream<Arguments> confirmations() {
        // 100 miners x standby W, hall feed kW: granted feed - standby; a 2 x 8 H100 job (16 kW) cuts 16 kW of it.
        // The fleet then reports what it draws, standby included.
        // standby W, feed kW, reported kW, binds, counted mining kW after the report
        return Stream.of(
            Arguments.of(15.0, 17.5, 1.5, 2, 0.0),     // all asleep at exactly the booked standby
            Arguments.of(15.0, 17.5, 2.4, 2, 0.0),     // within the 1 kW tolerance above lease + standby
            Arguments.of(15.0, 17.5, 0.4, 2, 0.0),     // asleep, drawing less than booked
            Arguments.of(15.0, 17.5, 3.0, 0, 1.5),     // 1.5 kW beyond standby still drawn: counted, no bind
            Arguments.of(15.0, 21.5, 5.5, 2, 4.0),     // cut 20 -> 4 kW: 4 kW mining + 1.5 kW standby
            Arguments.of(100.0, 26.0, 10.0, 2, 0.0),   // 10 kW of standby, ten times the tolerance
            Arguments.of(0.0, 16.0, 1.5, 0, 1.5));     // standby left off the books: never confirmed
    }

    @ParameterizedTest(name = "100 miners at {0} W standby in a {1} kW hall reporting {2} kW after the cut: "
        + "{3} binds, mining counted at {4} kW")
    @MethodSource("confirmations")
    void aCurtailmentIsConfirmedAgainstTheLeasePlusTheFleetsStandby(double standbyW, double feedKw,
                                                                   double reportedKw, int binds, double countedKw) {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), 10_000)
            .hall("a", feedKw, 2000, 1.25, 1, 100, 100, standbyW).nodes("a", 1, 2);
        f.engine.updateMarket(PROFITABLE);
        double standbyKw = 100 * standbyW / 1000;
        assertEquals(feedKw - standbyKw, Fixture.only(f.step(), Decision.MiningLease.class).get(0).kw(), 1e-9);
        f.engine.submit(Fixture.training("ns/j", 2, 8));
        List<Decision.CurtailMining> cuts = Fixture.only(f.step(), Decision.CurtailMining.class);
        assertEquals(16, cuts.get(0).kw(), 1e-9);
        f.engine.reportMining(new MiningReport("a", reportedKw, f.clock.instant()));
        assertEquals(binds, Fixture.only(f.step(), Decision.Bind.class).size());
        HallView h = f.hall("a");
        assertEquals(countedKw, h.miningCountedKw(), 1e-9);
        assertEquals(standbyKw, h.miningStandbyKw(), 1e-9);
        assertTrue(h.aiKw() + h.miningCountedKw() + h.miningStandbyKw() <= feedKw + 1e-9,
            "the books exceed the feed: " + h);
    }

    static Stream<Arguments> grants() {
        // miners, standby W each, feed kW, cooling kW, site kW, lease granted (kW; 0 = none)
        return Stream.of(
            Arguments.of(100, 15.0, 20.0, 2000.0, 10_000.0, 18.5),   // the feed less 1.5 kW of standby
            Arguments.of(100, 15.0, 1000.0, 20.0, 10_000.0, 18.5),   // cooling: standby is heat too
            Arguments.of(100, 15.0, 1000.0, 2000.0, 20.0, 18.5),     // the interconnect
            Arguments.of(100, 0.0, 20.0, 2000.0, 10_000.0, 20.0),    // no standby, the whole feed
            Arguments.of(4, 1000.0, 100.0, 2000.0, 10_000.0, 14.0),  // the fleet's 14 kW: standby is not mining
            Arguments.of(100, 200.0, 20.0, 2000.0, 10_000.0, 0.0));  // 20 kW of standby fills the feed
    }

    @ParameterizedTest(name = "{0} miners at {1} W standby, feed {2} kW, cooling {3} kW, site {4} kW: "
        + "mining is granted {5} kW")
    @MethodSource("grants")
    void aGrantLeavesRoomForTheFleetsStandby(int miners, double standbyW, double feedKw, double coolingKw,
                                             double siteKw, double leaseKw) {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), siteKw)
            .hall("a", feedKw, coolingKw, 1.25, 1, 100, miners, standbyW);
        f.engine.updateMarket(PROFITABLE);
        List<Decision.MiningLease> leases = Fixture.only(f.step(), Decision.MiningLease.class);
        assertEquals(leaseKw > 0 ? 1 : 0, leases.size());
        if (leaseKw > 0) {
            assertEquals(leaseKw, leases.get(0).kw(), 1e-9);
        }
        HallView h = f.hall("a");
        assertTrue(h.miningLeaseKw() + h.miningStandbyKw() <= Math.min(Math.min(feedKw, coolingKw), siteKw) + 1e-9);
    }

    static Stream<Arguments> admissions() {
        // 100 miners x standby W (mining does not pay: no lease), a 16 kW job (12.8 kW of heat)
        // standby W, feed kW, cooling kW, site kW, pods bound
        return Stream.of(
            Arguments.of(0.0, 16.0, 2000.0, 10_000.0, 2),
            Arguments.of(15.0, 16.0, 2000.0, 10_000.0, 0),    // 1.5 kW of standby: 14.5 kW left of the feed
            Arguments.of(15.0, 17.5, 2000.0, 10_000.0, 2),
            Arguments.of(15.0, 1000.0, 14.3, 10_000.0, 2),    // 12.8 + 1.5 kW of heat = cooling
            Arguments.of(15.0, 1000.0, 14.2, 10_000.0, 0),
            Arguments.of(15.0, 1000.0, 2000.0, 17.0, 0));     // 16 + 1.5 kW over the interconnect
    }

    @ParameterizedTest(name = "standby {0} W x 100, feed {1} kW, cooling {2} kW, site {3} kW: {4} pods of a 16 kW "
        + "job bind")
    @MethodSource("admissions")
    void aiFitsOnlyBesideTheStandby(double standbyW, double feedKw, double coolingKw, double siteKw, int bound) {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), siteKw)
            .hall("a", feedKw, coolingKw, 1.25, 1, 100, 100, standbyW).nodes("a", 1, 2);
        f.engine.updateMarket(UNPROFITABLE);
        f.engine.submit(Fixture.training("ns/j", 2, 8));
        List<Decision> d = f.step();
        assertEquals(bound, Fixture.only(d, Decision.Bind.class).size());
        HallView h = f.hall("a");
        double standbyKw = standbyW / 10;
        assertEquals(standbyKw, h.miningStandbyKw(), 1e-9);
        assertEquals(bound == 0 ? standbyKw : 12.8 + standbyKw, h.heatKw(), 1e-9, "heat: IT power plus standby");
        assertEquals(Math.max(0, feedKw - h.aiKw() - standbyKw), h.freeKw(), 1e-9);
        if (bound == 0) {
            assertEquals(1, Fixture.only(d, Decision.Unschedulable.class).size());
        }
    }

    @Test
    @DisplayName("a fleet whose standby grows past the room left sheds AI like a lowered limit")
    void growingStandbyShedsAi() {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), 10_000)
            .hall("a", 17, 2000, 1.25, 1, 100, 100, 0).nodes("a", 1, 2);
        f.engine.updateMarket(UNPROFITABLE);
        f.engine.submit(Fixture.training("ns/j", 2, 8));
        assertEquals(2, Fixture.only(f.stepAndConfirm(), Decision.Bind.class).size());
        f.hall("a", 17, 2000, 1.25, 1, 100, 100, 15); // the site states its miners' 15 W standby: 16 + 1.5 > 17
        List<Decision.Preempt> shed = Fixture.only(f.step(), Decision.Preempt.class);
        assertEquals(List.of("ns/j"), shed.get(0).victims());
        assertEquals(0, f.hall("a").aiKw(), 1e-9);
        f.hall("a", 17, 2000, 1.25, 1, 100, 100, 5); // 0.5 kW: the job fits again and is placed once it drained
        f.engine.podFinished("ns/j", 0);
        f.engine.podFinished("ns/j", 1);
        assertEquals(2, Fixture.only(f.step(), Decision.Bind.class).size());
    }

    @Test
    @DisplayName("another hall's standby counts against the interconnect the halls share")
    void anotherHallsStandbyCountsAtTheSite() {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), 20)
            .hall("a", 100, 2000, 1.25, 1, 100, 0).nodes("a", 1, 2)
            .hall("b", 100, 2000, 1.25, 1, 100, 100, 50); // 5 kW of standby: 15 kW of the site left
        f.engine.updateMarket(UNPROFITABLE);
        f.engine.submit(Fixture.training("ns/j", 2, 8));
        List<Decision> d = f.step();
        assertEquals(0, Fixture.only(d, Decision.Bind.class).size());
        assertTrue(Fixture.only(d, Decision.Unschedulable.class).get(0).message().contains("15.0 kW free"),
            Fixture.only(d, Decision.Unschedulable.class).get(0).message());
    }

    static Stream<Arguments> badFleets() {
        // count, W each, standby W, the error names
        return Stream.of(
            Arguments.of(10, 3500.0, -1.0, "miners.standbyWatts must be >= 0"),
            Arguments.of(10, 3500.0, Double.NaN, "miners.standbyWatts must be >= 0"),
            Arguments.of(10, 3500.0, 4000.0, "miners.standbyWatts (4000.0 W) must not exceed miners.wattsEach"));
    }

    @ParameterizedTest(name = "a fleet of {0} x {1} W with {2} W standby is refused: {3}")
    @MethodSource("badFleets")
    void aBadStandbyIsRefusedWithTheFieldNamed(int count, double wattsEach, double standbyW, String error) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new MinerFleetSpec(count, wattsEach, 17.5, standbyW));
        assertTrue(e.getMessage().startsWith(error), e.getMessage());
    }
}
