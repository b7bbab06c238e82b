package io.wattshift.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The market room in the simulator, on the real 2023 ERCOT prices (../shared/data/grid-prices). */
class MarketSimulationTest {
    @TempDir
    Path dir;

    private static Path data(String file) {
        Path p = Path.of(System.getProperty("wattshift.shared.data", "../../../shared/data"), file);
        assertTrue(Files.isRegularFile(p), "the shared data is missing: " + p.toAbsolutePath());
        return p;
    }

    private static PriceSeries ercot() {
        return PriceSeries.read(data("grid-prices/ercot_dam_hb_hubavg_2023.csv"));
    }

    @Test
    @DisplayName("a week of real price spikes: no mining at a loss, wattshift beats both, near the oracle")
    void aWeekOfRealSpikes() {
        // 2023-08-07..15 holds hours of 1,000-4,000 $/MWh, far above the S21's break-even of about 91 $/MWh
        SiteConfig site = SiteLoader.loadDefault();
        Traces.Trace trace = TraceGenerator.week(600, 42);
        PriceSeries prices = ercot().startingAt(Instant.parse("2023-08-07T05:00:00Z"));
        WeeklyBench.Week w = WeeklyBench.week(site, trace, prices, 0, prices.runStart(), 42);
        assertTrue(w.wattshift().market().minedAtLossMwh() <= WeeklyBench.RAMP_TAIL_MWH,
            "mined at a loss: " + w.wattshift().market().minedAtLossMwh() + " MWh");
        assertTrue(w.staticSplit().market().minedAtLossMwh() > 0, "the static split does mine through them");
        assertTrue(w.wattshift().netUsd() >= w.aiOnly().netUsd(), w.wattshift().netUsd() + " " + w.aiOnly().netUsd());
        assertTrue(w.wattshift().netUsd() >= w.staticSplit().netUsd());
        assertTrue(w.share() >= 0.95, "share of the oracle: " + w.share());
        assertEquals(0, w.wattshift().powerViolations() + w.wattshift().coolingViolations());
    }

    @Test
    @DisplayName("the Alibaba openb trace over 2023's prices: mining never runs at a loss, net above ai-only")
    void openbTraceWithRealPrices() {
        SiteConfig site = SiteLoader.loadDefault();
        Traces.Trace trace = Traces.readAlibabaOpenb(data("alibaba-openb/openb_pod_list_default.csv"), site);
        PriceSeries prices = ercot();
        PolicyReport ws = new Simulation(site, trace, prices, 45, PolicyKind.WATTSHIFT, 7, s -> { }).run();
        PolicyReport ai = new Simulation(site, trace, prices, 45, PolicyKind.AI_ONLY, 7, s -> { }).run();
        assertTrue(ws.netUsd() > ai.netUsd(), ws.netUsd() + " vs " + ai.netUsd());
        assertTrue(ws.market().minedAtLossMwh() <= 5 * ws.hours() / 168, "ramp tails only: "
            + ws.market().minedAtLossMwh() + " MWh over " + ws.hours() + " h");
        assertTrue(ws.netUsd() >= 0.95 * ws.oracleColumn().netUsd());
        assertEquals(0, ws.powerViolations() + ws.coolingViolations(), ws.firstViolation());
    }

    @Test
    @DisplayName("prices follow their timestamps: 15-minute rows, offsets and zones, a series too short is an error")
    void pricesFollowTheirTimestamps() throws IOException {
        Path f = dir.resolve("rt.csv");
        Files.writeString(f, "interval_start,price\n2023-08-10 17:00:00,40\n2023-08-10 17:15:00,900\n"
            + "2023-08-10 17:30:00,35\n");
        PriceSeries p = PriceSeries.read(f, ZoneId.of("America/Chicago"), false, false);
        Instant start = Instant.parse("2023-08-10T22:00:00Z"); // 17:00 CDT
        assertEquals(start, p.start());
        assertEquals(900, p.at(start.plusSeconds(15 * 60 + 1), start).usdPerMwh());
        assertEquals(35, p.at(start.plusSeconds(44 * 60), start).usdPerMwh(), "the last row lasts 15 minutes");
        InputException e = assertThrows(InputException.class,
            () -> p.requireCovers(start, start.plusSeconds(3600), start));
        assertTrue(e.getMessage().contains("rt.csv") && e.getMessage().contains("--prices-repeat"), e.getMessage());
        PriceSeries again = PriceSeries.read(f, ZoneId.of("America/Chicago"), false, true);
        again.requireCovers(start, start.plusSeconds(3600), start);
        assertEquals(40, again.at(start.plusSeconds(45 * 60), start).usdPerMwh(), "repeats from its start");
        Files.writeString(f, "Datetime,Price (USD/MWh)\n2023-01-01 00:00:00-06:00,10\n2023-01-01 01:00:00-06:00,x\n");
        InputException bad = assertThrows(InputException.class, () -> PriceSeries.read(f));
        assertTrue(bad.getMessage().contains(":3") || bad.getMessage().contains("line 3"), bad.getMessage());
    }
}
