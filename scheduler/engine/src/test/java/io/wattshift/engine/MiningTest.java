package io.wattshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.engine.model.Market;
import io.wattshift.engine.model.MinerFleetSpec;
import io.wattshift.engine.model.MiningReport;
import io.wattshift.engine.model.Policy;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MiningTest {

    /** Hall "a": a 20 kW feed, 100 S21-class miners, two 8-GPU nodes (a 2 x 8 training job needs 16 kW at the feed). */
    private static Fixture smallHall() {
        return new Fixture(Policy.defaults().withReserveFraction(0), 10_000)
            .hall("a", 20, 2000, 1.25, 1, 100, 100).nodes("a", 1, 2);
    }

    static Stream<Arguments> profitability() {
        // hashprice $/PH/day, energy $/MWh, margin $/MWh, mining granted? (S21: 17.5 J/TH -> 2.381 x hashprice,
        // less the 2 % pool fee; energy costs the price x the hall's 1.1 cooling overhead; start at margin + $3 band)
        return Stream.of(
            Arguments.of(45.0, 50.0, 5.0, true),     // earns 105.0, 50.0 over 55.0 of energy
            Arguments.of(45.0, 89.0, 5.0, false),    // 7.1 over energy: above the margin, within the start band
            Arguments.of(45.0, 2000.0, 5.0, false),  // price spike
            Arguments.of(30.0, 60.0, 10.0, false),   // earns 70.0, 4.0 over 66.0 of energy: below the margin
            Arguments.of(30.0, 50.0, 10.0, true));   // 15.0 over 55.0 of energy
    }

    @ParameterizedTest(name = "hashprice {0}, energy {1} $/MWh, margin {2}: mining granted = {3}")
    @MethodSource("profitability")
    void idlePowerGoesToMiningOnlyWhenItPaysTheMargin(double hashprice, double energy, double margin,
                                                      boolean granted) {
        Fixture f = new Fixture(Policy.defaults().withMiningMargin(margin).withReserveFraction(0), 10_000)
            .hall("a", 1000, 2000, 1.1, 1, 100, 100);
        f.engine.updateMarket(new Market(energy, hashprice));
        List<Decision.MiningLease> leases = Fixture.only(f.step(), Decision.MiningLease.class);
        assertEquals(granted ? 1 : 0, leases.size());
        if (granted) {
            assertEquals(350, leases.get(0).kw(), 1e-9, "the whole fleet: 100 x 3.5 kW");
        }
    }

    @Test
    @DisplayName("mining gets only what AI leaves of feed, cooling and site")
    void miningGetsWhatAiLeaves() {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), 10_000)
            .hall("a", 300, 2000, 1.25, 1, 100, 1000).nodes("a", 1, 2);
        f.engine.updateMarket(new Market(40, 45));
        f.engine.submit(Fixture.training("ns/j", 2, 8)); // 2 x 6.4 kW x 1.25 = 16 kW
        List<Decision> d = f.stepAndConfirm();
        assertEquals(284, Fixture.only(d, Decision.MiningLease.class).get(0).kw(), 1e-6);
    }

    @Test
    @DisplayName("AI curtails mining first and binds only after the curtailment is confirmed")
    void aiCurtailsMiningBeforeItBinds() {
        Fixture f = smallHall();
        f.engine.updateMarket(new Market(40, 45));
        assertEquals(20, Fixture.only(f.step(), Decision.MiningLease.class).get(0).kw(), 1e-9);
        f.engine.submit(Fixture.training("ns/j", 2, 8)); // needs 16 kW at the feed
        List<Decision> d = f.step();
        List<Decision.CurtailMining> cuts = Fixture.only(d, Decision.CurtailMining.class);
        assertEquals(1, cuts.size());
        assertEquals(16, cuts.get(0).kw(), 1e-9);
        assertEquals(4, cuts.get(0).leaseKw(), 1e-9);
        assertEquals("ns/j", cuts.get(0).forJob());
        assertEquals(0, Fixture.only(d, Decision.Bind.class).size(), "mining still draws until confirmed");
        assertEquals(0, Fixture.only(f.step(), Decision.Bind.class).size());
        f.engine.reportMining(new MiningReport("a", 4.2, f.clock.instant()));
        assertEquals(2, Fixture.only(f.step(), Decision.Bind.class).size());
        assertTrue(f.hall("a").aiKw() + f.hall("a").miningCountedKw() <= 20 + 1e-9);
    }

    @Test
    @DisplayName("an unconfirmed curtailment is issued again after the timeout")
    void anUnconfirmedCurtailmentIsIssuedAgain() {
        Fixture f = smallHall();
        f.engine.updateMarket(new Market(40, 45));
        f.step();
        f.engine.submit(Fixture.training("ns/j", 1, 8));
        assertEquals(1, Fixture.only(f.step(), Decision.CurtailMining.class).size());
        f.clock.advance(Duration.ofSeconds(31));
        List<Decision.CurtailMining> again = Fixture.only(f.step(), Decision.CurtailMining.class);
        assertEquals(1, again.size());
        assertEquals(8, again.get(0).kw(), 1e-9);
    }

    @Test
    @DisplayName("a new leader's engine adopts the mining it finds as a lease, and curtails it for AI")
    void miningFoundDrawingIsAdoptedAndCanBeCurtailed() {
        // failover: the fleet controller brings the miners back to the stored 20 kW lease before this engine has
        // granted anything; before, the draw sat in the books as a cut nobody issued and the job waited for ever
        Fixture f = smallHall();
        f.engine.updateMarket(new Market(40, 45));
        f.engine.reportMining(new MiningReport("a", 20, f.clock.instant()));
        assertEquals(20, f.hall("a").miningLeaseKw(), 1e-9, "adopted as the hall's lease");
        assertEquals(0, Fixture.only(f.step(), Decision.MiningLease.class).size(), "nothing re-granted or released now");
        f.engine.submit(Fixture.training("ns/j", 2, 8)); // needs 16 kW at the feed
        List<Decision.CurtailMining> cuts = Fixture.only(f.step(), Decision.CurtailMining.class);
        assertEquals(1, cuts.size(), "the inherited mining is curtailed for the job");
        assertEquals(16, cuts.get(0).kw(), 1e-9);
        f.engine.reportMining(new MiningReport("a", 4, f.clock.instant()));
        assertEquals(2, Fixture.only(f.step(), Decision.Bind.class).size());
        assertTrue(f.hall("a").aiKw() + f.hall("a").miningCountedKw() <= 20 + 1e-9);
    }

    @Test
    @DisplayName("adopted mining in a losing interval is released at once, and counted until the fleet confirms")
    void adoptedMiningAtALossIsReleasedAtOnce() {
        Fixture f = smallHall();
        f.engine.updateMarket(new Market(2000, 45));
        f.engine.reportMining(new MiningReport("a", 20, f.clock.instant()));
        List<Decision.MiningLease> rel = Fixture.only(f.step(), Decision.MiningLease.class);
        assertEquals(1, rel.size());
        assertEquals(0, rel.get(0).kw(), 1e-9);
        assertEquals(20, f.hall("a").miningCountedKw(), 1e-9, "counted until the miners confirm");
        f.engine.reportMining(new MiningReport("a", 0, f.clock.instant()));
        assertEquals(0, f.hall("a").miningCountedKw(), 1e-9);
    }

    @Test
    @DisplayName("found mining that drops holds no power; a granted lease keeps its figure while its miners wake")
    void anAdoptedLeaseFollowsTheDrawDownAGrantedOneDoesNot() {
        Fixture f = smallHall();
        f.engine.updateMarket(new Market(2000, 45)); // mining does not pay: nothing is granted
        f.engine.reportMining(new MiningReport("a", 20, f.clock.instant()));
        f.engine.reportMining(new MiningReport("a", 7, f.clock.instant())); // being put to sleep by the controller
        assertEquals(7, f.hall("a").miningLeaseKw(), 1e-9);
        f.engine.reportMining(new MiningReport("a", 0, f.clock.instant()));
        assertEquals(0, f.hall("a").miningLeaseKw(), 1e-9);
        assertEquals(0, f.hall("a").miningCountedKw(), 1e-9);

        Fixture g = smallHall();
        g.engine.updateMarket(new Market(40, 45));
        assertEquals(20, Fixture.only(g.step(), Decision.MiningLease.class).get(0).kw(), 1e-9);
        g.engine.reportMining(new MiningReport("a", 5, g.clock.instant())); // still waking
        assertEquals(20, g.hall("a").miningLeaseKw(), 1e-9);
        assertEquals(20, g.hall("a").miningCountedKw(), 1e-9);
    }

    @Test
    @DisplayName("a draw over a cut in flight is not adopted: the cut is issued again")
    void aDrawOverACutInFlightIsNotAdopted() {
        Fixture f = smallHall();
        f.engine.updateMarket(new Market(40, 45));
        f.step();
        f.engine.submit(Fixture.training("ns/j", 1, 8));
        assertEquals(1, Fixture.only(f.step(), Decision.CurtailMining.class).size());
        f.engine.reportMining(new MiningReport("a", 20, f.clock.instant())); // silent miners: nothing dropped
        assertEquals(12, f.hall("a").miningLeaseKw(), 1e-9, "the lease stays where the cut put it");
        f.clock.advance(Duration.ofSeconds(31));
        assertEquals(8, Fixture.only(f.step(), Decision.CurtailMining.class).get(0).kw(), 1e-9);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "timeout {0} s: nothing again at {1} s, again at {0} s")
    @org.junit.jupiter.params.provider.CsvSource({"30, 29", "65, 64", "605, 604"})
    @DisplayName("a curtailment is not issued again before the policy's curtail timeout, however long it is")
    void noReissueBeforeTheCurtailTimeout(int timeoutS, int beforeS) {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0)
            .withCurtailTimeout(Duration.ofSeconds(timeoutS)), 10_000)
            .hall("a", 20, 2000, 1.25, 1, 100, 100).nodes("a", 1, 2);
        f.engine.updateMarket(new Market(40, 45));
        f.step();
        f.engine.submit(Fixture.training("ns/j", 1, 8));
        assertEquals(1, Fixture.only(f.step(), Decision.CurtailMining.class).size());
        f.clock.advance(Duration.ofSeconds(beforeS));
        assertEquals(0, Fixture.only(f.step(), Decision.CurtailMining.class).size(), "the fleet is still confirming");
        f.clock.advance(Duration.ofSeconds(timeoutS - beforeS));
        assertEquals(1, Fixture.only(f.step(), Decision.CurtailMining.class).size());
    }

    @Test
    @DisplayName("hysteresis: a losing lease is cut at once whatever its age, the band holds, the off time holds")
    void hysteresisHoldsLeasesAndOffTimes() {
        Policy p = Policy.defaults().withReserveFraction(0)
            .withMiningHysteresis(Duration.ofMinutes(15), Duration.ofMinutes(5), 50);
        Fixture f = new Fixture(p, 10_000).hall("a", 1000, 2000, 1.1, 1, 100, 100);
        f.engine.updateMarket(new Market(40, 45));
        assertEquals(1, Fixture.only(f.step(), Decision.MiningLease.class).size());
        // break-even with the 5 $/MWh margin at 105.0 / 1.1 - 5 = 90.9 $/MWh; the band is +-3 $/MWh of profit
        f.engine.updateMarket(new Market(92, 45)); // earns 3.8 over energy: under the margin, within the band
        f.clock.advance(Duration.ofMinutes(1));
        assertEquals(0, Fixture.only(f.step(), Decision.MiningLease.class).size(), "within the band: kept");
        f.engine.updateMarket(new Market(500, 45));
        f.clock.advance(Duration.ofMinutes(1));
        List<Decision.MiningLease> rel = Fixture.only(f.step(), Decision.MiningLease.class);
        assertEquals(0, rel.get(0).kw(), 1e-9, "cut at once, 2 minutes into a 15-minute minimum lease");
        assertTrue(rel.get(0).reason().contains("below the 5.0 margin"), rel.get(0).reason());
        f.engine.reportMining(new MiningReport("a", 0, f.clock.instant()));
        f.engine.updateMarket(new Market(40, 45));
        f.clock.advance(Duration.ofMinutes(2));
        assertEquals(0, Fixture.only(f.step(), Decision.MiningLease.class).size(), "min off not yet over");
        f.clock.advance(Duration.ofMinutes(4));
        assertEquals(350, Fixture.only(f.step(), Decision.MiningLease.class).get(0).kw(), 1e-9);
        f.engine.updateMarket(new Market(89, 45)); // 7.1 over energy: pays, but a stopped fleet needs 8 to start
        assertEquals(0, Fixture.only(f.step(), Decision.MiningLease.class).size(), "a running lease stays");
    }

    @Test
    @DisplayName("no new grant while a curtailment is still unconfirmed")
    void noGrantWhileACutIsInFlight() {
        Policy p = Policy.defaults().withReserveFraction(0).withMiningHysteresis(Duration.ZERO, Duration.ZERO, 1);
        Fixture f = new Fixture(p, 10_000).hall("a", 20, 2000, 1.25, 1, 100, 100).nodes("a", 1, 2);
        f.engine.updateMarket(new Market(40, 45));
        f.step();
        f.engine.submit(Fixture.training("ns/j", 1, 8)); // 8 kW: lease 20 -> 12
        assertEquals(1, Fixture.only(f.step(), Decision.CurtailMining.class).size());
        f.engine.removeJob("ns/j"); // the 8 kW is idle again, but the miners have not confirmed the drop
        assertEquals(0, Fixture.only(f.step(), Decision.MiningLease.class).size());
        f.engine.curtailmentConfirmed("a");
        assertEquals(20, Fixture.only(f.step(), Decision.MiningLease.class).get(0).kw(), 1e-9);
    }

    @Test
    @DisplayName("a lease grows only by the minimum step")
    void aLeaseGrowsOnlyByTheMinimumStep() {
        Policy p = Policy.defaults().withReserveFraction(0)
            .withMiningHysteresis(Duration.ZERO, Duration.ZERO, 10);
        Fixture f = new Fixture(p, 10_000).hall("a", 100, 2000, 1.25, 1, 100, 100).nodes("a", 1, 2);
        f.engine.updateMarket(new Market(40, 45));
        f.engine.submit(Fixture.training("ns/j", 2, 8));
        f.stepAndConfirm();
        assertEquals(84, f.hall("a").miningLeaseKw(), 1e-9);
        f.engine.removeJob("ns/j"); // 16 kW back: more than the 10 kW step
        assertEquals(100, Fixture.only(f.step(), Decision.MiningLease.class).get(0).kw(), 1e-9);
        assertEquals(0, Fixture.only(f.step(), Decision.MiningLease.class).size());
    }

    @Test
    @DisplayName("a fleet without miners is never leased")
    void noFleetNoLease() {
        Fixture f = new Fixture(Policy.defaults(), 10_000).hall("a", 1000, 2000, 1.1, 1, 100, 0);
        assertEquals(0, Fixture.only(f.step(), Decision.MiningLease.class).size());
        assertEquals(0, MinerFleetSpec.NONE.maxKw(), 0);
    }

    static Stream<Arguments> fleetsThatGoAway() {
        // what mining holds in hall "a" (20 kW feed, 100 S21s) when its fleet is removed, lease releases expected
        return Stream.of(
            Arguments.of("a confirmed lease", (Consumer<Fixture>) f -> {
                f.step();
                f.engine.reportMining(new MiningReport("a", 20, f.clock.instant()));
            }, 1),
            Arguments.of("a lease cut for a job but not yet confirmed", (Consumer<Fixture>) f -> {
                f.step();
                f.engine.submit(Fixture.training("ns/j", 1, 8)); // 8 kW: lease 20 -> 12, still counted at 20
                assertEquals(1, Fixture.only(f.step(), Decision.CurtailMining.class).size());
            }, 1),
            Arguments.of("a price release not yet confirmed", (Consumer<Fixture>) f -> {
                f.step();
                f.engine.updateMarket(new Market(500, 45));
                assertEquals(0, Fixture.only(f.step(), Decision.MiningLease.class).get(0).kw(), 1e-9);
            }, 0));
    }

    @ParameterizedTest(name = "when the fleet of a hall with {0} is removed, mining there is released and counted at 0")
    @MethodSource("fleetsThatGoAway")
    void aHallWhoseFleetIsRemovedHoldsNoMining(String held, Consumer<Fixture> setup, int releases) {
        Policy p = Policy.defaults().withReserveFraction(0).withMiningHysteresis(Duration.ZERO, Duration.ZERO, 1);
        Fixture f = new Fixture(p, 10_000).hall("a", 20, 2000, 1.25, 1, 100, 100).nodes("a", 1, 2);
        f.engine.updateMarket(new Market(40, 45));
        setup.accept(f);
        assertTrue(f.hall("a").miningCountedKw() > 0, "mining is counted before the fleet goes");
        f.hall("a", 20, 2000, 1.25, 1, 100, 0); // the adapter hides the fleet (its Secret disappeared)
        List<Decision> d = f.step();
        List<Decision.MiningLease> leases = Fixture.only(d, Decision.MiningLease.class);
        assertEquals(releases, leases.size());
        leases.forEach(l -> assertEquals(0, l.kw(), 0));
        assertEquals(0, f.hall("a").miningLeaseKw(), 0);
        assertEquals(0, f.hall("a").miningCountedKw(), 0, "no miner can draw: nothing is counted");
        List<Decision> next = f.step();
        assertEquals(0, Fixture.only(next, Decision.MiningLease.class).size(), "released once");
        assertEquals(0, Fixture.only(next, Decision.CurtailMining.class).size(), "no cut to reissue");
        if (held.contains("job")) {
            assertEquals(1, Fixture.only(d, Decision.Bind.class).size() + Fixture.only(next, Decision.Bind.class)
                .size(), "the job waiting on the cut binds");
        }
    }

    @Test
    @DisplayName("above the pause price preemptible AI is checkpointed and held back until the price falls")
    void preemptibleAiPausesInAPriceSpike() {
        Fixture f = new Fixture(Policy.defaults().withPauseAiAbove(1000), 10_000)
            .hall("a", 1000, 2000, 1.1, 1, 100, 0).nodes("a", 1, 2);
        f.engine.submit(Fixture.training("ns/batch", 1, 8).withPriority(0, true));
        f.engine.submit(Fixture.training("ns/prod", 1, 8).withPriority(0, false));
        assertEquals(2, Fixture.only(f.stepAndConfirm(), Decision.Bind.class).size());
        f.engine.updateMarket(new Market(3000, 45));
        List<Decision> d = f.step();
        assertEquals("ns/batch", Fixture.only(d, Decision.Suspend.class).get(0).job());
        assertEquals(0, Fixture.only(d, Decision.Preempt.class).size(), "non-preemptible work is never touched");
        f.engine.podFinished("ns/batch", 0);
        List<Decision> held = f.step();
        assertEquals(0, Fixture.only(held, Decision.Bind.class).size());
        assertTrue(Fixture.only(held, Decision.Unschedulable.class).get(0).message().contains("paused"));
        f.engine.updateMarket(new Market(40, 45));
        assertEquals(1, Fixture.only(f.step(), Decision.Bind.class).size());
    }
}
