package io.wattshift.sim;

import io.wattshift.engine.model.MinerFleetSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * One policy's run over time (the {@code series} of each policy in {@code --report-json}, the files of
 * {@code --report-csv}, the plots of {@code --report-html}; schema in {@code docs/simulate-report.md}). Sample
 * {@code i} is the state in force at {@code timeS[i]} seconds after {@code start}: after every decision of that
 * second, as the plant has it (not the engine's books). The last sample is the end of the run.
 *
 * @param stepS                     seconds between samples (the last interval may be shorter)
 * @param timeS                     sample times, seconds since {@code start}
 * @param priceUsdPerMwh            the energy price in force
 * @param breakEvenUsdPerMwh        by hall with miners: what a MWh of mining earns at the hashprice in force
 *                                  ({@link MinerFleetSpec#revenueUsdPerMwh}); mining pays below this price
 * @param site                      the whole site; its limits are {@code interconnect}, and {@code feed} and
 *                                  {@code cooling} summed over the halls
 * @param halls                     each hall; limits {@code feed} and {@code cooling}
 * @param queuedJobsByPriority      jobs submitted and not running (queued, or preempted and waiting again)
 * @param netUsd                    revenue minus energy cost so far, AI and mining together
 * @param waitCdfByPriority         distribution of the queue wait (submit to the gang's first bind)
 * @param events                    curtailments and lease changes, in time order
 */
public record TimeSeries(long stepS, Instant start, long[] timeS, double[] priceUsdPerMwh,
                         Map<String, double[]> breakEvenUsdPerMwh, Power site, List<Power> halls,
                         Map<Integer, int[]> queuedJobsByPriority, double[] netUsd,
                         Map<Integer, WaitCdf> waitCdfByPriority, List<Event> events) {

    /** Sample step when none is asked for: 15 minutes (a week is 673 samples). */
    public static final long DEFAULT_STEP_S = 900;

    /**
     * Power at the feed, kW: {@code aiKw + miningKw + idleKw} is the available power at every sample (a hall's feed;
     * the site's: the lower of the interconnect and the halls' feeds together), idle being what neither uses.
     *
     * @param aiKw     committed to AI: GPU power limits plus host overhead of every running pod, times the hall's
     *                 cooling overhead (the worst case the limits are kept against; the metered energy is what
     *                 the capped GPUs draw, lower)
     * @param miningKw the miners' draw, sleeping miners' standby included
     * @param idleKw   available and unused
     * @param limitsKw {@code feed}, {@code cooling} (the feed at which the hall's heat, IT plus mining, reaches its
     *                 cooling capacity at the ambient of that moment: capacity + AI IT x (overhead - 1)) and, for
     *                 the site, {@code interconnect}
     */
    public record Power(String name, double[] aiKw, double[] miningKw, double[] idleKw,
                        Map<String, double[]> limitsKw) {
    }

    /**
     * @param started     jobs of this priority that started
     * @param percentileS wait at percentile 0, 1, ..., 100 (nearest rank): {@code percentileS[99]} is the p99
     */
    public record WaitCdf(int started, double[] percentileS) {
        static WaitCdf of(Stats s) {
            double[] p = new double[101];
            for (int i = 0; i <= 100; i++) {
                p[i] = s.percentile(i);
            }
            return new WaitCdf(s.count(), p);
        }
    }

    /** What an {@link Event} was. */
    public enum EventKind {
        /** mining curtailed to make room for an AI job */
        CURTAIL_FOR_AI,
        /** mining curtailed to keep a limit (cooling falling as the day warms) */
        CURTAIL_FOR_LIMIT,
        /** the hall's mining lease changed (granted, grown, lowered or released) */
        LEASE;

        /** The name in JSON, CSV and HTML. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param kw      curtailments: the power cut; lease: the change (new lease less the old, negative when lowered)
     * @param leaseKw the hall's lease after the event
     * @param job     the AI job a curtailment made room for, else null
     */
    public record Event(long timeS, EventKind kind, String hall, double kw, double leaseKw, String job) {
    }

    /**
     * Samples one run as the simulation advances. The simulation calls {@link #sampleBefore} with each event time
     * before it handles that second's events (the state since the previous event is in force until then), and
     * {@link #finish} at the end. Single-threaded: the simulation's.
     */
    static final class Recorder {
        private final long stepS;
        private final Instant start;
        private final Plant plant;
        private final Meter meter;
        private final LongFunction<Map<Integer, Integer>> queued;
        private final SortedSet<Integer> priorities;
        private final Map<String, MinerFleetSpec> fleets = new LinkedHashMap<>();
        private final List<Long> times = new ArrayList<>();
        private final List<double[]> rows = new ArrayList<>();
        private final List<int[]> queueRows = new ArrayList<>();
        private final List<Event> events = new ArrayList<>();
        private long next;

        /**
         * @param priorities every priority of the trace (a series each, zero while none is queued)
         * @param queued     jobs submitted by a second and not running, by priority
         */
        Recorder(long stepS, Instant start, SiteConfig site, Plant plant, Meter meter, SortedSet<Integer> priorities,
                 LongFunction<Map<Integer, Integer>> queued) {
            if (stepS < 1) {
                throw new IllegalArgumentException("the sample step must be >= 1 s, got " + stepS);
            }
            this.stepS = stepS;
            this.start = start;
            this.plant = plant;
            this.meter = meter;
            this.priorities = priorities;
            this.queued = queued;
            for (SiteConfig.HallConfig h : site.halls()) {
                if (h.miners().count() > 0) {
                    fleets.put(h.name(), SiteModel.fleet(h));
                }
            }
        }

        /**
         * Samples every step boundary before second {@code t} (the state now in force held since the previous
         * event), bringing the meter up to each so the net is the one of that second.
         */
        void sampleBefore(long t, double priceUsdPerMwh, double hashprice) {
            while (next < t) {
                sample(next, priceUsdPerMwh, hashprice);
                next += stepS;
            }
        }

        /** A mining curtailment the engine decided at second {@code t}. */
        void curtailed(long t, String hall, double kw, double leaseKw, String forJob) {
            events.add(new Event(t, forJob == null ? EventKind.CURTAIL_FOR_LIMIT : EventKind.CURTAIL_FOR_AI, hall,
                kw, leaseKw, forJob));
        }

        /** A hall's lease changed from {@code fromKw} to {@code toKw} at second {@code t}. */
        void leased(long t, String hall, double fromKw, double toKw) {
            events.add(new Event(t, EventKind.LEASE, hall, toKw - fromKw, toKw, null));
        }

        /**
         * Samples up to the horizon, the horizon included (the meter is there already), and returns the series.
         *
         * @param waits queue waits by priority
         */
        TimeSeries finish(long horizon, double priceUsdPerMwh, double hashprice, Map<Integer, Stats> waits) {
            sampleBefore(horizon, priceUsdPerMwh, hashprice);
            sample(horizon, priceUsdPerMwh, hashprice);
            return build(waits);
        }

        // row layout: price, net, then per hall ai, mining, feed, cooling (at the feed), then break-evens
        private static final int PER_HALL = 4;
        /** Power is kept to 0.1 kW, money to the cent, prices to 0.001 $/MWh: the JSON stays small. */
        private static final double KW = 10;

        private static double round(double v, double per) {
            return Math.round(v * per) / per;
        }

        private void sample(long s, double price, double hashprice) {
            meter.advance(s, price, hashprice);
            List<Plant.HallP> halls = plant.halls;
            double[] row = new double[2 + PER_HALL * halls.size() + fleets.size()];
            row[0] = round(price, 1000);
            row[1] = round(meter.aiRevenueUsd + meter.miningRevenueUsd - meter.aiCostUsd - meter.miningCostUsd, 100);
            for (int i = 0; i < halls.size(); i++) {
                Plant.HallP h = halls.get(i);
                double aiIt = h.itW / 1000;
                int o = 2 + PER_HALL * i;
                row[o] = round(aiIt * h.config.coolingOverhead(), KW);
                row[o + 1] = round(h.miningDrawKw(), KW);
                row[o + 2] = round(h.config.feedKw(), KW);
                row[o + 3] = round(h.coolingKw() + aiIt * (h.config.coolingOverhead() - 1), KW);
            }
            int b = 2 + PER_HALL * halls.size();
            for (MinerFleetSpec f : fleets.values()) {
                row[b++] = round(f.revenueUsdPerMwh(hashprice), 1000);
            }
            times.add(s);
            rows.add(row);
            Map<Integer, Integer> q = queued.apply(s);
            int[] qr = new int[priorities.size()];
            int k = 0;
            for (int p : priorities) {
                qr[k++] = q.getOrDefault(p, 0);
            }
            queueRows.add(qr);
        }

        private TimeSeries build(Map<Integer, Stats> waits) {
            int n = times.size();
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                t[i] = times.get(i);
            }
            List<Power> halls = new ArrayList<>();
            double[][] site = new double[5][n]; // ai, mining, feed, cooling, interconnect
            for (int h = 0; h < plant.halls.size(); h++) {
                int o = 2 + PER_HALL * h;
                double[] ai = column(o);
                double[] mining = column(o + 1);
                double[] feed = column(o + 2);
                double[] cooling = column(o + 3);
                for (int i = 0; i < n; i++) {
                    site[0][i] += ai[i];
                    site[1][i] += mining[i];
                    site[2][i] += feed[i];
                    site[3][i] += cooling[i];
                }
                Map<String, double[]> limits = new LinkedHashMap<>();
                limits.put("feed", feed);
                limits.put("cooling", cooling);
                halls.add(new Power(plant.halls.get(h).config.name(), ai, mining, idle(ai, mining, feed), limits));
            }
            java.util.Arrays.fill(site[4], plant.gridKw);
            double[] available = new double[n];
            for (int i = 0; i < n; i++) {
                available[i] = Math.min(site[4][i], site[2][i]);
            }
            Map<String, double[]> siteLimits = new LinkedHashMap<>();
            siteLimits.put("interconnect", site[4]);
            siteLimits.put("feed", site[2]);
            siteLimits.put("cooling", site[3]);
            Power sitePower = new Power("site", site[0], site[1], idle(site[0], site[1], available), siteLimits);
            Map<String, double[]> breakEven = new LinkedHashMap<>();
            int b = 2 + PER_HALL * plant.halls.size();
            for (String hall : fleets.keySet()) {
                breakEven.put(hall, column(b++));
            }
            Map<Integer, int[]> queue = new TreeMap<>(java.util.Comparator.reverseOrder());
            int k = 0;
            for (int p : priorities) {
                int[] q = new int[n];
                for (int i = 0; i < n; i++) {
                    q[i] = queueRows.get(i)[k];
                }
                queue.put(p, q);
                k++;
            }
            Map<Integer, WaitCdf> cdf = new TreeMap<>(java.util.Comparator.reverseOrder());
            waits.forEach((p, s) -> cdf.put(p, WaitCdf.of(s)));
            return new TimeSeries(stepS, start, t, column(0), breakEven, sitePower, halls, queue, column(1), cdf,
                List.copyOf(events));
        }

        private double[] column(int c) {
            double[] out = new double[rows.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rows.get(i)[c];
            }
            return out;
        }

        /** Available less AI and mining; never negative (over a limit, the plant checker counts a violation). */
        private static double[] idle(double[] ai, double[] mining, double[] available) {
            double[] out = new double[ai.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(0, available[i] - ai[i] - mining[i]);
            }
            return out;
        }
    }
}
