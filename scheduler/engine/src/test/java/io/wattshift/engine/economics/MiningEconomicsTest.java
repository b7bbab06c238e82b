package io.wattshift.engine.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.engine.model.Market;
import io.wattshift.engine.model.MinerFleetSpec;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.PriceInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MiningEconomicsTest {
    private static final MinerFleetSpec S21 = new MinerFleetSpec(100, 3500, 17.5, 35);
    private static final Instant T0 = Instant.parse("2023-08-10T18:00:00Z");
    private static final Policy POLICY = Policy.defaults(); // margin 5, band 3, pool fee 2 %, wake 60 s, drop 30 s

    @Test
    @DisplayName("break-even: hashprice x 1000 / (24 x J/TH), less the pool fee, over the hall's cooling overhead")
    void breakEven() {
        // 45 $/PH/day on 17.5 J/TH: 107.14 $/MWh, 105.0 after 2 %, 91.3 $/MWh of grid energy at overhead 1.15
        assertEquals(105.0, MiningEconomics.revenueUsdPerMwh(S21, 45, POLICY.market()), 1e-9);
        assertEquals(91.30, MiningEconomics.breakEvenUsdPerMwh(S21, 1.15, 45, POLICY.market()), 0.01);
        assertEquals(105.0 + 10 * 1.15, MiningEconomics.profitUsdPerMwh(S21, 1.15, -10, 45, POLICY.market()), 1e-9,
            "a negative price pays for consumption");
    }

    static Stream<Arguments> verdicts() {
        // energy $/MWh, mining now?, verdict; overhead 1.0: profit = 105 - energy, margin 5, band 3
        return Stream.of(
            Arguments.of(50.0, false, MiningVerdict.Mode.MINE),
            Arguments.of(97.5, false, MiningVerdict.Mode.HOLD),   // 7.5 over: pays, but under margin + band to start
            Arguments.of(97.5, true, MiningVerdict.Mode.MINE),    // a running lease keeps (and may grow)
            Arguments.of(101.0, true, MiningVerdict.Mode.HOLD),   // 4 over: under the margin, within the band
            Arguments.of(103.5, true, MiningVerdict.Mode.STOP),   // 1.5 over: below margin - band, cut now
            Arguments.of(1500.0, true, MiningVerdict.Mode.STOP),  // a spike: cut at once
            Arguments.of(1500.0, false, MiningVerdict.Mode.STOP));
    }

    @ParameterizedTest(name = "energy {0} $/MWh, mining {1}: {2}")
    @MethodSource("verdicts")
    void hysteresisIsABandAroundTheMargin(double energy, boolean mining, MiningVerdict.Mode mode) {
        MiningVerdict v = MiningEconomics.verdict(S21, 1.0, new Market(energy, 45), POLICY, T0, mining);
        assertEquals(mode, v.mode(), v.reason());
    }

    @Test
    @DisplayName("an untrusted signal grants nothing new and keeps what runs")
    void unsafeSignalHolds() {
        Market stale = new Market(20, 45).distrusted("price feed stale since 2023-08-10T17:00:00Z");
        MiningVerdict v = MiningEconomics.verdict(S21, 1.0, stale, POLICY, T0, false);
        assertEquals(MiningVerdict.Mode.HOLD, v.mode());
        assertTrue(v.reason().contains("stale"), v.reason());
    }

    @Test
    @DisplayName("a losing interval known ahead is met asleep: the lease is cut one ramp-down before it starts")
    void losingIntervalAheadIsMetAsleep() {
        Instant next = T0.plus(Duration.ofHours(1));
        Market m = new Market(40, 45, List.of(new PriceInterval(T0, next, 40, true),
            new PriceInterval(next, next.plus(Duration.ofHours(1)), 2500, true)), null);
        assertEquals(MiningVerdict.Mode.MINE,
            MiningEconomics.verdict(S21, 1.0, m, POLICY, next.minusSeconds(31), true).mode(), "31 s before: mine");
        MiningVerdict v = MiningEconomics.verdict(S21, 1.0, m, POLICY, next.minusSeconds(30), true);
        assertEquals(MiningVerdict.Mode.STOP, v.mode());
        assertTrue(v.reason().contains("2500.0"), v.reason());
    }

    @Test
    @DisplayName("a short cheap window is not worth waking the miners for; a long one is")
    void wakeOnlyWhenTheWindowRepaysTheWakeUp() {
        // 5-minute real-time prices: one cheap interval between dear ones
        Instant a = T0;
        Instant b = a.plusSeconds(90);
        Market shortWindow = new Market(60, 45, List.of(new PriceInterval(a, b, 60, false),
            new PriceInterval(b, b.plusSeconds(300), 900, false)), null);
        MiningVerdict v = MiningEconomics.verdict(S21, 1.0, shortWindow, POLICY, a, false);
        assertEquals(MiningVerdict.Mode.HOLD, v.mode(), v.reason());
        assertTrue(v.reason().contains("wake-up"), v.reason());
        Market longWindow = new Market(60, 45, List.of(new PriceInterval(a, a.plusSeconds(3600), 60, true)), null);
        assertEquals(MiningVerdict.Mode.MINE, MiningEconomics.verdict(S21, 1.0, longWindow, POLICY, a, false).mode());
        assertEquals(Duration.ofSeconds(90),
            MiningEconomics.payingAhead(S21, 1.0, shortWindow, POLICY, a));
        assertEquals(null, MiningEconomics.payingAhead(S21, 1.0, new Market(60, 45), POLICY, a),
            "nothing known ahead");
    }
}
