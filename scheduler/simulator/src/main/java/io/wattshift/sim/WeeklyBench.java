package io.wattshift.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The economics bench: every week of a price series replayed on one site and trace, each policy and the oracle
 * side by side, with the grid-economics targets checked per week. A separate command, not part of the test run:
 *
 * <pre>
 * java -cp scheduler/app/target/wattshift-scheduler.jar io.wattshift.sim.WeeklyBench \
 *   ../shared/data/grid-prices/ercot_dam_hb_hubavg_2023.csv [--weeks N] [--threads N] [--trace-format ...]
 * </pre>
 *
 * <p>Targets per week: wattshift net >= max(ai-only, static-split); wattshift >= 95 % of the oracle's margin; no
 * MWh mined at a loss beyond ramp tails; 0 limit violations; mean queue wait per priority no worse than ai-only's
 * by more than 5 % (or 60 s, under which a difference is a curtailment's confirm time, not a queue). Exit code 1
 * when any week misses one.
 */
public final class WeeklyBench {
    /** A ramp tail: miners still dropping after a dear interval began, at most a few MWh a week on 100 MW. */
    static final double RAMP_TAIL_MWH = 5;

    private WeeklyBench() {
    }

    record Week(int index, Instant start, PolicyReport wattshift, PolicyReport aiOnly, PolicyReport staticSplit,
                PolicyReport oracle) {
        double share() {
            return wattshift.netUsd() / oracle.netUsd();
        }

        List<String> misses() {
            List<String> m = new ArrayList<>();
            if (wattshift.netUsd() < Math.max(aiOnly.netUsd(), staticSplit.netUsd())) {
                m.add("net below " + (aiOnly.netUsd() > staticSplit.netUsd() ? "ai-only" : "static-split"));
            }
            if (share() < 0.95) {
                m.add(String.format(Locale.ROOT, "%.1f %% of the oracle", 100 * share()));
            }
            if (wattshift.market().minedAtLossMwh() > RAMP_TAIL_MWH) {
                m.add(String.format(Locale.ROOT, "%.1f MWh mined at a loss", wattshift.market().minedAtLossMwh()));
            }
            if (wattshift.powerViolations() + wattshift.coolingViolations() > 0) {
                m.add("limit violations");
            }
            for (Map.Entry<Integer, PolicyReport.Wait> e : wattshift.waits().entrySet()) {
                PolicyReport.Wait base = aiOnly.waits().get(e.getKey());
                double w = e.getValue().meanS();
                if (base != null && w > base.meanS() * 1.05 && w - base.meanS() > 60) {
                    m.add(String.format(Locale.ROOT, "priority %d waits %.0f s against %.0f s", e.getKey(), w,
                        base.meanS()));
                }
            }
            return m;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("usage: WeeklyBench PRICES.csv [--weeks N] [--threads N] [--jobs N] [--seed N]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int weeks = 52;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        int jobs = 2500;
        long seed = 42;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--weeks" -> weeks = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--jobs" -> jobs = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        SiteConfig site = SiteLoader.loadDefault();
        Traces.Trace trace = TraceGenerator.week(jobs, seed);
        PriceSeries series = PriceSeries.read(file);
        long started = System.nanoTime();
        List<Week> results = run(site, trace, series, weeks, threads, seed);
        System.out.println(table(results));
        long missed = results.stream().filter(w -> !w.misses().isEmpty()).count();
        System.out.printf(Locale.ROOT, "%d of %d weeks meet every target; %.0f s wall%n", results.size() - missed,
            results.size(), (System.nanoTime() - started) / 1e9);
        System.exit(missed == 0 ? 0 : 1);
    }

    static List<Week> run(SiteConfig site, Traces.Trace trace, PriceSeries series, int weeks, int threads,
                          long seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Week>> futures = new ArrayList<>();
            for (int w = 0; w < weeks; w++) {
                int index = w;
                Instant start = series.start().plus(Duration.ofDays(7L * w));
                futures.add(pool.submit(() -> week(site, trace, series.startingAt(start), index, start, seed)));
            }
            List<Week> out = new ArrayList<>();
            for (Future<Week> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static Week week(SiteConfig site, Traces.Trace trace, PriceSeries prices, int index, Instant start, long seed) {
        double hashprice = site.site().hashpriceUsdPerPhDay();
        PolicyReport ws = new Simulation(site, trace, prices, hashprice, PolicyKind.WATTSHIFT, seed, s -> { }).run();
        PolicyReport ai = new Simulation(site, trace, prices, hashprice, PolicyKind.AI_ONLY, seed, s -> { }).run();
        PolicyReport st = new Simulation(site, trace, prices, hashprice, PolicyKind.STATIC_SPLIT, seed, s -> { })
            .run();
        return new Week(index, start, ws, ai, st, ws.oracleColumn());
    }

    static String table(List<Week> weeks) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
            "%-4s %-10s %13s %13s %13s %13s %8s %9s  %s%n", "week", "from", "wattshift $", "ai-only $",
            "static $", "oracle $", "share", "lossMWh", "misses"));
        for (Week w : weeks) {
            sb.append(String.format(Locale.ROOT, "%-4d %-10s %,13.0f %,13.0f %,13.0f %,13.0f %7.1f%% %9.2f  %s%n",
                w.index() + 1, w.start().toString().substring(0, 10), w.wattshift().netUsd(), w.aiOnly().netUsd(),
                w.staticSplit().netUsd(), w.oracle().netUsd(), 100 * w.share(),
                w.wattshift().market().minedAtLossMwh(), String.join("; ", w.misses())));
        }
        return sb.toString();
    }
}
