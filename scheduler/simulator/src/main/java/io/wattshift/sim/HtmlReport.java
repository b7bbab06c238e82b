package io.wattshift.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * {@code --report-html FILE}: one self-contained page (inline SVG and CSS, no script, nothing fetched when it is
 * viewed) with the policies side by side on shared scales: site and hall power stacked AI / mining / idle against
 * their limits, the energy price against the mining break-even, the curtailments, queue depth and the wait
 * distribution by priority, the net per policy, and the text report as the summary. Series of more than
 * {@link #MAX_POINTS} samples are averaged in buckets (a plot is narrower than that many pixels; averages keep the
 * stack adding up to the limit); the JSON and CSV keep every sample.
 */
final class HtmlReport {
    static final int MAX_POINTS = 400;
    private static final int POWER_H = 190;
    private static final int SMALL_H = 150;
    private static final String AI = "#4e79a7";
    private static final String MINING = "#f28e2b";
    private static final String IDLE = "#dde3ea";
    private static final Map<String, String> LIMIT_COLORS = Map.of("feed", "#222222", "cooling", "#17a2b8",
        "interconnect", "#e15759");
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2",
        "#edc948", "#9c755f", "#ff9da7", "#bab0ac"};

    private HtmlReport() {
    }

    /** @param summary the text report, shown as the summary table */
    static String render(SimulationReport r, String summary) {
        // a column without a run of its own (the hindsight oracle) has no series: it shows in the summary only
        List<PolicyReport> ps = r.policies().stream().filter(p -> p.series() != null).toList();
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Wattshift simulation: ")
            .append(escape(r.site())).append("</title>\n<style>\n").append(CSS).append("</style></head>\n<body>\n");
        sb.append("<h1>Wattshift simulation</h1>\n<dl class=\"meta\">");
        meta(sb, "site", r.site());
        meta(sb, "trace", r.trace());
        meta(sb, "prices", r.prices() + String.format(Locale.ROOT, "; hashprice %.1f $/PH/day",
            r.hashpriceUsdPerPhDay()));
        meta(sb, "miners", r.miners());
        meta(sb, "samples", ps.get(0).series().stepS() + " s of virtual time apart");
        sb.append("</dl>\n");
        Downsampled[] d = ps.stream().map(p -> new Downsampled(p.series())).toArray(Downsampled[]::new);
        double end = d[0].x[d[0].x.length - 1];
        powerRow(sb, ps, d, end, "Site power", "site", s -> s.site());
        for (int h = 0; h < ps.get(0).series().halls().size(); h++) {
            int hall = h;
            String name = ps.get(0).series().halls().get(h).name();
            powerRow(sb, ps, d, end, "Hall " + name + " power", "hall-" + name, s -> s.halls().get(hall));
        }
        priceRow(sb, ps, d, end);
        eventRow(sb, ps, end);
        queueRow(sb, ps, d, end);
        waitRow(sb, ps);
        netRow(sb, ps, d, end);
        sb.append("<h2>Summary</h2>\n<pre class=\"summary\">").append(escape(summary)).append("</pre>\n");
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static void meta(StringBuilder sb, String key, String value) {
        sb.append("<dt>").append(key).append("</dt><dd>").append(escape(value)).append("</dd>");
    }

    private static void powerRow(StringBuilder sb, List<PolicyReport> ps, Downsampled[] d, double end, String title,
                                 String chart, Function<TimeSeries, TimeSeries.Power> scope) {
        double max = 0;
        for (int i = 0; i < ps.size(); i++) {
            TimeSeries.Power w = d[i].power(scope.apply(ps.get(i).series()));
            for (int k = 0; k < w.aiKw().length; k++) {
                max = Math.max(max, w.aiKw()[k] + w.miningKw()[k] + w.idleKw()[k]);
            }
            for (double[] l : w.limitsKw().values()) {
                max = Math.max(max, maxOf(l));
            }
        }
        Map<String, String> legend = new LinkedHashMap<>();
        legend.put("AI (committed at the feed)", AI);
        legend.put("mining (standby included)", MINING);
        legend.put("idle", IDLE);
        scope.apply(ps.get(0).series()).limitsKw().keySet().forEach(l -> legend.put(limitLabel(l), LIMIT_COLORS.get(l)));
        header(sb, title + " (MW)", legend);
        for (int i = 0; i < ps.size(); i++) {
            TimeSeries.Power w = d[i].power(scope.apply(ps.get(i).series()));
            double[] x = d[i].x;
            SvgChart c = SvgChart.overTime(chart + "-power", ps.get(i).policy(), SvgChart.WIDTH, POWER_H,
                ps.get(i).series().start(), end, 0, max / 1000, HtmlReport::number);
            double[] ai = scaled(w.aiKw(), 1e-3);
            double[] top = add(ai, scaled(w.miningKw(), 1e-3));
            c.area("ai", "AI", AI, x, new double[ai.length], ai);
            c.area("mining", "mining", MINING, x, ai, top);
            c.area("idle", "idle", IDLE, x, top, add(top, scaled(w.idleKw(), 1e-3)));
            w.limitsKw().forEach((l, v) -> c.line("limit-" + l, limitLabel(l), LIMIT_COLORS.get(l), x,
                scaled(v, 1e-3), true));
            cell(sb, ps.get(i).policy(), c);
        }
        sb.append("</div>\n");
    }

    private static String limitLabel(String limit) {
        return switch (limit) {
            case "feed" -> "feed limit";
            case "cooling" -> "cooling limit (at the feed, at that hour's ambient)";
            case "interconnect" -> "interconnect limit";
            default -> limit + " limit";
        };
    }

    private static void priceRow(StringBuilder sb, List<PolicyReport> ps, Downsampled[] d, double end) {
        Map<String, double[]> lines = breakEvenLines(d[0]);
        double max = maxOf(d[0].price);
        double min = Math.min(0, minOf(d[0].price));
        for (double[] b : lines.values()) {
            max = Math.max(max, maxOf(b));
        }
        Map<String, String> legend = new LinkedHashMap<>();
        legend.put("energy price", "#333333");
        int k = 2;
        for (String halls : lines.keySet()) {
            legend.put("mining break-even (" + halls + ")", PALETTE[k++ % PALETTE.length]);
        }
        header(sb, "Energy price and mining break-even ($/MWh): mining pays while the price is below its line",
            legend);
        for (int i = 0; i < ps.size(); i++) {
            SvgChart c = SvgChart.overTime("price", ps.get(i).policy(), SvgChart.WIDTH, SMALL_H,
                ps.get(i).series().start(), end, min, max * 1.05, HtmlReport::number);
            c.line("price", "energy price", "#333333", d[i].x, d[i].price, false);
            int j = 2;
            for (Map.Entry<String, double[]> b : lines.entrySet()) {
                c.line("break-even-" + slug(b.getKey()), "mining break-even (" + b.getKey() + ")",
                    PALETTE[j++ % PALETTE.length], d[i].x,
                    b.getValue(), true);
            }
            cell(sb, ps.get(i).policy(), c);
        }
        sb.append("</div>\n");
    }

    /** One line per distinct break-even (halls of the same miners share one), keyed by its halls. */
    private static Map<String, double[]> breakEvenLines(Downsampled d) {
        Map<List<Double>, List<String>> halls = new LinkedHashMap<>();
        Map<List<Double>, double[]> values = new LinkedHashMap<>();
        d.breakEven.forEach((hall, v) -> {
            List<Double> key = java.util.Arrays.stream(v).boxed().toList();
            halls.computeIfAbsent(key, x -> new ArrayList<>()).add(hall);
            values.put(key, v);
        });
        Map<String, double[]> out = new LinkedHashMap<>();
        halls.forEach((key, names) -> out.put(String.join(", ", names), values.get(key)));
        return out;
    }

    private static void eventRow(StringBuilder sb, List<PolicyReport> ps, double end) {
        Map<String, String> legend = new LinkedHashMap<>();
        legend.put("mining curtailed for an AI job", "#e15759");
        legend.put("mining curtailed to keep a limit", "#b07aa1");
        legend.put("mining lease lowered or released", "#9c755f");
        header(sb, "Events: MW of mining cut per event", legend);
        double max = 0;
        for (PolicyReport p : ps) {
            for (TimeSeries.Event e : p.series().events()) {
                max = Math.max(max, drawn(e) ? Math.abs(e.kw()) / 1000 : 0);
            }
        }
        for (PolicyReport p : ps) {
            SvgChart c = SvgChart.overTime("events", p.policy(), SvgChart.WIDTH, SMALL_H, p.series().start(), end, 0,
                max, HtmlReport::number);
            stems(c, p, TimeSeries.EventKind.CURTAIL_FOR_AI, "#e15759");
            stems(c, p, TimeSeries.EventKind.CURTAIL_FOR_LIMIT, "#b07aa1");
            stems(c, p, TimeSeries.EventKind.LEASE, "#9c755f");
            cell(sb, p.policy(), c);
        }
        sb.append("</div>\n");
    }

    /** Curtailments, and leases lowered: the events that take power from mining (grants show in the power plots). */
    private static boolean drawn(TimeSeries.Event e) {
        return e.kind() != TimeSeries.EventKind.LEASE || e.kw() < 0;
    }

    private static void stems(SvgChart c, PolicyReport p, TimeSeries.EventKind kind, String color) {
        List<TimeSeries.Event> es = p.series().events().stream().filter(e -> e.kind() == kind && drawn(e)).toList();
        double[] x = new double[es.size()];
        double[] y = new double[es.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = es.get(i).timeS();
            y[i] = Math.abs(es.get(i).kw()) / 1000;
        }
        c.stems(kind.id(), kind.id() + ": " + x.length, color, x, y);
    }

    private static void queueRow(StringBuilder sb, List<PolicyReport> ps, Downsampled[] d, double end) {
        Set<Integer> prios = new LinkedHashSet<>();
        ps.forEach(p -> prios.addAll(p.series().queuedJobsByPriority().keySet()));
        double max = 0;
        for (Downsampled s : d) {
            for (double[] q : s.queued.values()) {
                max = Math.max(max, maxOf(q));
            }
        }
        header(sb, "Jobs waiting (queued, or preempted and waiting again), by priority", priorityLegend(prios));
        for (int i = 0; i < ps.size(); i++) {
            SvgChart c = SvgChart.overTime("queue", ps.get(i).policy(), SvgChart.WIDTH, SMALL_H,
                ps.get(i).series().start(), end, 0, Math.max(max, 4), HtmlReport::number);
            int k = 0;
            for (int prio : prios) {
                double[] q = d[i].queued.get(prio);
                if (q != null) {
                    c.line("queued-priority-" + prio, "priority " + prio, PALETTE[k % PALETTE.length], d[i].x, q,
                        false);
                }
                k++;
            }
            cell(sb, ps.get(i).policy(), c);
        }
        sb.append("</div>\n");
    }

    private static void waitRow(StringBuilder sb, List<PolicyReport> ps) {
        Set<Integer> prios = new LinkedHashSet<>();
        ps.forEach(p -> prios.addAll(p.series().queuedJobsByPriority().keySet()));
        double max = 60;
        for (PolicyReport p : ps) {
            for (TimeSeries.WaitCdf c : p.series().waitCdfByPriority().values()) {
                max = Math.max(max, c.percentileS()[100]);
            }
        }
        header(sb, "Queue wait, submit to bind: share of started jobs that waited at most x (log scale)",
            priorityLegend(prios));
        double[] share = new double[101];
        for (int i = 0; i <= 100; i++) {
            share[i] = i / 100.0;
        }
        for (PolicyReport p : ps) {
            SvgChart c = SvgChart.overDuration("wait-cdf", p.policy(), SMALL_H, max, 0, 1,
                v -> String.format(Locale.ROOT, "%.0f%%", 100 * v));
            int k = 0;
            for (int prio : prios) {
                TimeSeries.WaitCdf cdf = p.series().waitCdfByPriority().get(prio);
                if (cdf != null) {
                    c.line("wait-cdf-priority-" + prio, "priority " + prio + ": " + cdf.started() + " started",
                        PALETTE[k % PALETTE.length], cdf.percentileS(), share, false);
                }
                k++;
            }
            cell(sb, p.policy(), c);
        }
        sb.append("</div>\n");
    }

    private static Map<String, String> priorityLegend(Set<Integer> prios) {
        Map<String, String> legend = new LinkedHashMap<>();
        int k = 0;
        for (int prio : prios) {
            legend.put("priority " + prio, PALETTE[k++ % PALETTE.length]);
        }
        return legend;
    }

    private static void netRow(StringBuilder sb, List<PolicyReport> ps, Downsampled[] d, double end) {
        double min = 0;
        double max = 0;
        Map<String, String> legend = new LinkedHashMap<>();
        for (int i = 0; i < ps.size(); i++) {
            min = Math.min(min, minOf(d[i].net));
            max = Math.max(max, maxOf(d[i].net));
            legend.put(ps.get(i).policy(), PALETTE[i % PALETTE.length]);
        }
        header(sb, "Net so far: revenue less energy cost, AI and mining ($)", legend);
        SvgChart c = SvgChart.overTime("net", null, SvgChart.WIDE, POWER_H, ps.get(0).series().start(), end, min,
            max, HtmlReport::dollars);
        for (int i = 0; i < ps.size(); i++) {
            c.line("net-" + ps.get(i).policy(), ps.get(i).policy(), PALETTE[i % PALETTE.length], d[i].x, d[i].net,
                false);
        }
        sb.append("<figure class=\"wide\">").append(c.render()).append("</figure>\n</div>\n");
    }

    private static void header(StringBuilder sb, String title, Map<String, String> legend) {
        sb.append("<h2>").append(escape(title)).append("</h2>\n<p class=\"legend\">");
        legend.forEach((label, color) -> sb.append("<span><i style=\"background:").append(color).append("\"></i>")
            .append(escape(label)).append("</span>"));
        sb.append("</p>\n<div class=\"row\">\n");
    }

    private static void cell(StringBuilder sb, String policy, SvgChart c) {
        sb.append("<figure><figcaption>").append(escape(policy)).append("</figcaption>").append(c.render())
            .append("</figure>\n");
    }

    /** A tick label: whole numbers as they are, small ones to the precision a 1-2-5 step needs. */
    private static String number(double v) {
        double a = Math.abs(v);
        String f = a == Math.rint(a) || a >= 10 ? "%.0f" : a >= 1 || a * 10 == Math.rint(a * 10) ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, f, v);
    }

    private static String dollars(double v) {
        double a = Math.abs(v);
        return a >= 1e6 ? String.format(Locale.ROOT, "%.1fM", v / 1e6)
            : a >= 1e3 ? String.format(Locale.ROOT, "%.0fk", v / 1e3) : String.format(Locale.ROOT, "%.0f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private static double[] scaled(double[] v, double f) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * f;
        }
        return out;
    }

    private static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    private static double maxOf(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return v.length == 0 ? 0 : m;
    }

    private static double minOf(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return v.length == 0 ? 0 : m;
    }

    /** One policy's series averaged in buckets of {@code ceil(n / MAX_POINTS)} samples. */
    static final class Downsampled {
        final int bucket;
        final double[] x;
        final double[] price;
        final double[] net;
        final Map<String, double[]> breakEven = new LinkedHashMap<>();
        final Map<Integer, double[]> queued = new LinkedHashMap<>();

        Downsampled(TimeSeries s) {
            bucket = Math.max(1, (s.timeS().length + MAX_POINTS - 1) / MAX_POINTS);
            double[] t = new double[s.timeS().length];
            for (int i = 0; i < t.length; i++) {
                t[i] = s.timeS()[i];
            }
            x = mean(t);
            price = mean(s.priceUsdPerMwh());
            net = mean(s.netUsd());
            s.breakEvenUsdPerMwh().forEach((h, v) -> breakEven.put(h, mean(v)));
            s.queuedJobsByPriority().forEach((p, q) -> {
                double[] v = new double[q.length];
                for (int i = 0; i < q.length; i++) {
                    v[i] = q[i];
                }
                queued.put(p, mean(v));
            });
        }

        TimeSeries.Power power(TimeSeries.Power p) {
            Map<String, double[]> limits = new LinkedHashMap<>();
            p.limitsKw().forEach((l, v) -> limits.put(l, mean(v)));
            return new TimeSeries.Power(p.name(), mean(p.aiKw()), mean(p.miningKw()), mean(p.idleKw()), limits);
        }

        /** Bucket means; the last sample (the end of the run) stays a point of its own so the plot reaches it. */
        double[] mean(double[] v) {
            if (bucket == 1) {
                return v;
            }
            int inner = v.length - 1;
            int n = (inner + bucket - 1) / bucket;
            double[] out = new double[n + 1];
            for (int b = 0; b < n; b++) {
                double sum = 0;
                int from = b * bucket;
                int to = Math.min(inner, from + bucket);
                for (int i = from; i < to; i++) {
                    sum += v[i];
                }
                out[b] = sum / (to - from);
            }
            out[n] = v[inner];
            return out;
        }
    }

    private static final String CSS = """
        body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 16px 24px;
               color: #222; background: #fff; }
        h1 { font-size: 22px; margin: 0 0 8px; }
        h2 { font-size: 15px; margin: 22px 0 2px; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0 12px; margin: 0; color: #444; }
        dl.meta dt { font-weight: 600; }
        dl.meta dd { margin: 0; }
        p.legend { margin: 2px 0 4px; font-size: 12px; color: #444; }
        p.legend span { margin-right: 14px; white-space: nowrap; }
        p.legend i { display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: baseline;
                     border: 1px solid #999; }
        .row { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 8px 16px; }
        figure { margin: 0; }
        figure.wide { grid-column: 1 / -1; max-width: 940px; }
        figcaption { font-size: 12px; font-weight: 600; color: #555; }
        svg { width: 100%; height: auto; display: block; font-size: 10px; }
        svg text { fill: #555; }
        svg .grid line { stroke: #eceff3; }
        svg .axis line { stroke: #999; }
        pre.summary { font-size: 12px; background: #f7f8fa; padding: 10px; overflow-x: auto; }
        """;
}
