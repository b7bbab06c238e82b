package io.wattshift.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time series against the run's own figures and the site's limits. */
class TimeSeriesTest {
    private static final double EPS_KW = 1e-6;
    private static SiteConfig site;
    private static PriceSeries prices;
    private static final Map<PolicyKind, PolicyReport> RUNS = new EnumMap<>(PolicyKind.class);

    /** The shared small site, trace and evening price spikes, under every policy, sampled every 5 minutes. */
    @BeforeAll
    static void run(@TempDir Path dir) throws IOException {
        prices = PriceSeries.read(SeriesFixture.prices(dir));
        site = SiteLoader.load(SeriesFixture.site(dir));
        Traces.Trace trace = Traces.readCsv(SeriesFixture.trace(dir), site);
        for (PolicyKind kind : PolicyKind.values()) {
            RUNS.put(kind, new Simulation(site, trace, prices, 45, kind, 7, line -> { }).sampleStep(300).run());
        }
    }

    private static List<TimeSeries.Power> scopes(TimeSeries s) {
        List<TimeSeries.Power> all = new ArrayList<>(s.halls());
        all.add(s.site());
        return all;
    }

    @Test
    @DisplayName("AI + mining + idle is the available power at every sample: the feed (the site: or the interconnect)")
    void theStackAddsUpToTheFeed() {
        for (PolicyReport r : RUNS.values()) {
            assertEquals(0, r.powerViolations() + r.coolingViolations(), r.policy());
            TimeSeries s = r.series();
            for (TimeSeries.Power p : scopes(s)) {
                double[] feed = p.limitsKw().get("feed");
                double[] interconnect = p.limitsKw().getOrDefault("interconnect", feed);
                for (int i = 0; i < s.timeS().length; i++) {
                    assertEquals(Math.min(feed[i], interconnect[i]), p.aiKw()[i] + p.miningKw()[i] + p.idleKw()[i], EPS_KW,
                        r.policy() + " " + p.name() + " at " + s.timeS()[i] + " s");
                }
            }
            TimeSeries.Power hallA = s.halls().get(0);
            assertEquals("hall-a", hallA.name());
            assertEquals(400, hallA.limitsKw().get("feed")[0], 0);
            assertEquals(900, s.site().limitsKw().get("interconnect")[0], 0);
            assertEquals(700, s.site().limitsKw().get("feed")[0], 0);
        }
    }

    @Test
    @DisplayName("mining never takes more than the feed, the cooling or the interconnect leaves it")
    void miningStaysUnderTheLimits() {
        for (PolicyReport r : RUNS.values()) {
            TimeSeries s = r.series();
            for (TimeSeries.Power p : scopes(s)) {
                for (int i = 0; i < s.timeS().length; i++) {
                    String at = r.policy() + " " + p.name() + " at " + s.timeS()[i] + " s";
                    for (Map.Entry<String, double[]> limit : p.limitsKw().entrySet()) {
                        if (limit.getKey().equals("feed") && p.name().equals("site")) {
                            continue; // the halls' feeds together exceed the interconnect: not a limit of the site
                        }
                        assertTrue(p.miningKw()[i] <= limit.getValue()[i] - p.aiKw()[i] + 0.1,
                            at + ": mining " + p.miningKw()[i] + " over " + limit.getKey());
                    }
                }
            }
        }
        double[] mining = RUNS.get(PolicyKind.AI_ONLY).series().site().miningKw();
        assertEquals(0, java.util.Arrays.stream(mining).max().orElseThrow(), 0, "ai-only mines nothing");
        assertTrue(java.util.Arrays.stream(RUNS.get(PolicyKind.WATTSHIFT).series().site().miningKw()).max()
            .orElseThrow() > 200, "wattshift mines in the cheap hours");
    }

    @Test
    @DisplayName("samples every step to the horizon; the last net is the report's; the energy integrates to the meter's")
    void samplesAgreeWithTheReport() {
        for (PolicyReport r : RUNS.values()) {
            TimeSeries s = r.series();
            long[] t = s.timeS();
            assertEquals(0, t[0]);
            assertEquals(300, s.stepS());
            for (int i = 1; i < t.length; i++) {
                assertEquals(300, t[i] - t[i - 1], r.policy());
            }
            assertEquals(Math.round(r.hours() * 3600), t[t.length - 1], "the last sample is the horizon");
            assertEquals(r.netUsd(), s.netUsd()[t.length - 1], 0.01, r.policy());
            double miningMwh = 0;
            Map<String, Double> overhead = new java.util.HashMap<>();
            SiteLoader.loadDefault().halls().forEach(h -> overhead.put(h.name(), h.coolingOverhead()));
            for (int i = 0; i < t.length - 1; i++) {
                for (TimeSeries.Power h : s.halls()) { // the meter's energy carries the hall's cooling overhead
                    miningMwh += h.miningKw()[i] * overhead.get(h.name()) * (t[i + 1] - t[i]) / 3600 / 1000;
                }
                assertEquals(prices.at(s.start().plusSeconds(t[i]), s.start()).usdPerMwh(), s.priceUsdPerMwh()[i],
                    1e-3, "price at " + t[i]);
            }
            assertEquals(r.miningEnergyMwh(), miningMwh, Math.max(0.5, 0.01 * r.miningEnergyMwh()), r.policy()
                + ": mining energy from the 5-minute samples");
        }
    }

    @Test
    @DisplayName("queue, waits and events agree with the report's counts")
    void queueWaitsAndEventsAgree() {
        for (PolicyReport r : RUNS.values()) {
            TimeSeries s = r.series();
            int last = s.timeS().length - 1;
            int queuedAtEnd = s.queuedJobsByPriority().values().stream().mapToInt(q -> q[last]).sum();
            assertEquals(r.jobs().waitingAtEnd(), queuedAtEnd, r.policy());
            assertTrue(java.util.Arrays.stream(s.queuedJobsByPriority().get(50)).max().orElseThrow() >= 2,
                r.policy() + ": the burst queues");
            r.waits().forEach((prio, w) -> {
                TimeSeries.WaitCdf cdf = s.waitCdfByPriority().get(prio);
                assertEquals(w.started(), cdf.started());
                assertEquals(w.p99S(), cdf.percentileS()[99], 0);
                for (int i = 1; i <= 100; i++) {
                    assertTrue(cdf.percentileS()[i] >= cdf.percentileS()[i - 1], "a CDF never falls");
                }
            });
            long forAi = s.events().stream().filter(e -> e.kind() == TimeSeries.EventKind.CURTAIL_FOR_AI).count();
            long forLimits = s.events().stream()
                .filter(e -> e.kind() == TimeSeries.EventKind.CURTAIL_FOR_LIMIT).count();
            assertEquals(r.curtailments().count(), forAi, r.policy());
            assertEquals(r.curtailments().forLimits(), forLimits, r.policy());
            double mw = s.events().stream().filter(e -> e.kind() == TimeSeries.EventKind.CURTAIL_FOR_AI)
                .mapToDouble(TimeSeries.Event::kw).sum() / 1000;
            assertEquals(r.curtailments().mw(), mw, 1e-6, r.policy());
            for (int i = 1; i < s.events().size(); i++) {
                assertTrue(s.events().get(i).timeS() >= s.events().get(i - 1).timeS(), "events in time order");
            }
        }
        TimeSeries w = RUNS.get(PolicyKind.WATTSHIFT).series();
        assertTrue(w.events().stream().anyMatch(e -> e.kind() == TimeSeries.EventKind.LEASE && e.leaseKw() == 0
            && e.kw() < 0), "a lease released in the expensive evening");
        assertTrue(RUNS.get(PolicyKind.AI_ONLY).series().events().isEmpty(), "no miners, no events");
    }

    @Test
    @DisplayName("the break-even is the miners' revenue per MWh: hashprice x 1000 / (24 x J/TH)")
    void breakEvenIsTheMinersRevenue() {
        TimeSeries s = RUNS.get(PolicyKind.WATTSHIFT).series();
        assertEquals(List.of("hall-a", "hall-b"), List.copyOf(s.breakEvenUsdPerMwh().keySet()));
        for (double[] b : s.breakEvenUsdPerMwh().values()) {
            assertEquals(45 * 1000 / (24 * 17.5), b[0], 1e-3);
        }
    }
}
