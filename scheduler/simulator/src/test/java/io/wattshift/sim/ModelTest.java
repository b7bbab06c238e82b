package io.wattshift.sim;

import io.wattshift.engine.economics.CapCurve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelTest {
    static Stream<Arguments> caps() {
        return Stream.of(Arguments.of(1.0, 1.0), Arguments.of(0.6, 0.925), Arguments.of(0.55, 0.8775));
    }

    @ParameterizedTest(name = "a GPU capped at {0} of its maximum keeps {1} of its speed")
    @MethodSource("caps")
    void capsCostLessSpeedThanPower(double fraction, double speed) {
        assertEquals(speed, CapCurve.speed(fraction), 1e-9);
        assertTrue(CapCurve.speed(fraction) >= fraction);
    }

    @Test
    @DisplayName("the generated week is deterministic for a seed and spans seven days")
    void theGeneratedWeekIsDeterministic() {
        Traces.Trace a = TraceGenerator.week(500, 3);
        Traces.Trace b = TraceGenerator.week(500, 3);
        assertEquals(a.jobs(), b.jobs());
        assertTrue(a.jobs().get(a.jobs().size() - 1).submitS() < 7 * 86400);
        assertTrue(a.jobs().stream().anyMatch(j -> j.type() == io.wattshift.engine.model.JobKind.INFERENCE));
    }

    static Stream<Arguments> minerDraw() {
        // hall-c of the built-in site: 1000 miners of 3.5 kW, 17.5 W each asleep
        // miners on site?, lease the miners settled at (kW), what the fleet draws (kW)
        return Stream.of(
            Arguments.of(true, 0.0, 17.5),          // all asleep: standby only
            Arguments.of(true, 1750.0, 1758.75),    // half awake, 500 asleep at 17.5 W
            Arguments.of(true, 3500.0, 3500.0),     // all awake
            Arguments.of(false, 0.0, 0.0));         // ai-only runs the site without its miners
    }

    @ParameterizedTest(name = "miners on site {0}, {1} kW of lease: the fleet draws {2} kW")
    @MethodSource("minerDraw")
    void sleepingMinersDrawTheirStandby(boolean withMiners, double leaseKw, double drawKw) {
        Plant plant = new Plant(SiteLoader.loadDefault(), withMiners);
        Plant.HallP hallC = plant.hallsByName.get("hall-c");
        hallC.miningKw = leaseKw;
        assertEquals(drawKw, hallC.miningDrawKw(), 1e-9);
        assertEquals(drawKw, hallC.feedKw(), 1e-9, "no AI: the feed carries the miners alone");
    }

    @Test
    @DisplayName("static split leaves room for the standby inside the mining share")
    void staticSplitLeavesRoomForStandby() {
        SiteConfig site = SiteLoader.loadDefault();
        // hall-c: half of a 4000 kW feed, less 1000 x 17.5 W of standby
        assertEquals(1982.5, SiteModel.staticMiningKw(site, site.halls().get(2), 25, 45, 45,
            io.wattshift.engine.model.Policy.defaults()), 1e-9);
    }

    @Test
    @DisplayName("a miner's standby above its full power is refused")
    void aStandbyAboveFullPowerIsRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new SiteConfig.Miners(10, 3500, 17.5, 4000.0));
        assertEquals("standbyW must be in [0, wattsEach]", e.getMessage());
        assertEquals(0, new SiteConfig.Miners(10, 3500, 17.5, null).standbyKw(), 0, "absent: no standby");
    }

    @Test
    @DisplayName("the built-in site is the documented 100 MW site of three halls")
    void theBuiltInSite() {
        SiteConfig s = SiteLoader.loadDefault();
        assertEquals(100_000, s.site().gridKw());
        assertEquals(3, s.halls().size());
        assertEquals(700, s.halls().get(0).gpu().defaultW());
    }
}
