package io.wattshift.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;

/**
 * One chart as inline SVG: a plot area with axes, and series drawn as areas, lines or stems, each element marked
 * {@code data-series} (what the report's browser test checks). Coordinates in the SVG's own units (it scales to its
 * box); one decimal, and runs of equal values drawn as one segment, keep a week of 15-minute samples small.
 */
final class SvgChart {
    /** A chart in a policy's column, and one across the page. */
    static final int WIDTH = 460;
    static final int WIDE = 920;
    private static final int LEFT = 46;
    private static final int RIGHT = 10;
    private static final int TOP = 8;
    private static final int BOTTOM = 20;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d", Locale.ROOT)
        .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
        .withZone(ZoneOffset.UTC);

    private final String chart;
    private final String policy;
    private final int width;
    private final int height;
    private final double x0;
    private final double x1;
    private final double y0;
    private final double y1;
    private final DoubleUnaryOperator xScale;
    private final StringBuilder body = new StringBuilder();
    private final List<String> xTicks = new ArrayList<>();
    private final DoubleFunction<String> yLabel;

    /**
     * @param chart  what it plots ({@code data-chart})
     * @param policy whose figures ({@code data-policy}), or null
     * @param xScale maps an x value into [0, 1] across [x0, x1]
     * @param yLabel formats a y tick
     */
    private SvgChart(String chart, String policy, int width, int height, double x0, double x1, double y0, double y1,
                     DoubleUnaryOperator xScale, DoubleFunction<String> yLabel) {
        this.chart = chart;
        this.policy = policy;
        this.width = width;
        this.height = height;
        this.x0 = x0;
        this.x1 = x1;
        double[] y = niceRange(y0, y1);
        this.y0 = y[0];
        this.y1 = y[1];
        this.xScale = xScale;
        this.yLabel = yLabel;
    }

    /** A chart over time: x in seconds since {@code start}, ticks on whole hours or days. */
    static SvgChart overTime(String chart, String policy, int width, int height, Instant start, double endS,
                             double yMin, double yMax, DoubleFunction<String> yLabel) {
        SvgChart c = new SvgChart(chart, policy, width, height, 0, Math.max(1, endS), yMin, yMax,
            x -> x / Math.max(1, endS), yLabel);
        c.timeTicks(start);
        return c;
    }

    /** A chart of durations on a log axis (1 s to {@code maxS}), 0 drawn at the left edge. */
    static SvgChart overDuration(String chart, String policy, int height, double maxS, double yMin, double yMax,
                                 DoubleFunction<String> yLabel) {
        double top = Math.log10(1 + Math.max(60, maxS));
        SvgChart c = new SvgChart(chart, policy, WIDTH, height, 0, maxS, yMin, yMax, x -> Math.log10(1 + x) / top,
            yLabel);
        for (double t : new double[]{1, 10, 60, 600, 3600, 36_000, 86_400, 864_000}) {
            if (t <= Math.max(60, maxS)) {
                c.xTicks.add(c.tick(c.px(t), ReportPrinter.duration(t)));
            }
        }
        return c;
    }

    private void timeTicks(Instant start) {
        double span = x1 - x0;
        long[] steps = {3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 2 * 86_400, 7 * 86_400, 14 * 86_400,
            28 * 86_400};
        long step = steps[steps.length - 1];
        for (long s : steps) {
            if (span / s <= 8) {
                step = s;
                break;
            }
        }
        for (long t = 0; t <= x1; t += step) {
            Instant at = start.plusSeconds(t);
            boolean midnight = t % 86_400 == 0;
            xTicks.add(tick(px(t), midnight ? DAY.format(at) : HOUR.format(at)));
        }
    }

    /** A tick and its label; one at the right end is anchored there, so it is not cut off. */
    private String tick(double x, String label) {
        String anchor = x > width - RIGHT - 15 ? "end" : "middle";
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"4\"/>"
            + "<text x=\"%.1f\" y=\"14\" text-anchor=\"%s\">%s</text>", x, x, x, anchor,
            HtmlReport.escape(label));
    }

    /** Filled band between {@code lower} and {@code upper}. */
    SvgChart area(String series, String label, String color, double[] x, double[] lower, double[] upper) {
        StringBuilder d = new StringBuilder();
        points(d, x, upper, false);
        points(d, x, lower, true);
        d.append('Z');
        element("path", series, label, "d=\"" + d + "\" fill=\"" + color + "\" stroke=\"none\"");
        return this;
    }

    SvgChart line(String series, String label, String color, double[] x, double[] y, boolean dashed) {
        StringBuilder d = new StringBuilder();
        points(d, x, y, false);
        element("path", series, label, "d=\"" + d + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"1.4\""
            + (dashed ? " stroke-dasharray=\"5 3\"" : ""));
        return this;
    }

    /** A vertical stem from 0 to each value: discrete events. An empty series still gets its (empty) group. */
    SvgChart stems(String series, String label, String color, double[] x, double[] y) {
        StringBuilder g = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            double px = px(x[i]);
            g.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", px, px,
                py(0), py(y[i])));
        }
        body.append("<g data-series=\"").append(series).append("\" data-points=\"").append(x.length)
            .append("\" stroke=\"").append(color).append("\" stroke-width=\"1.2\"><title>")
            .append(HtmlReport.escape(label)).append("</title>").append(g).append("</g>\n");
        return this;
    }

    private void element(String tag, String series, String label, String attributes) {
        body.append('<').append(tag).append(" data-series=\"").append(series).append("\" ").append(attributes)
            .append("><title>").append(HtmlReport.escape(label)).append("</title></").append(tag).append(">\n");
    }

    /** Appends the polyline, skipping points inside a run of equal values (they draw nothing). */
    private void points(StringBuilder d, double[] x, double[] y, boolean reverse) {
        int n = x.length;
        for (int k = 0; k < n; k++) {
            int i = reverse ? n - 1 - k : k;
            boolean inner = k > 0 && k < n - 1 && y[i] == y[i - 1] && y[i] == y[i + 1];
            if (inner) {
                continue;
            }
            d.append(d.length() == 0 ? 'M' : 'L').append(String.format(Locale.ROOT, "%.1f,%.1f", px(x[i]),
                py(y[i])));
        }
    }

    private double px(double x) {
        return LEFT + (width - LEFT - RIGHT) * Math.max(0, Math.min(1, xScale.applyAsDouble(x)));
    }

    private double py(double y) {
        double f = (y - y0) / (y1 - y0);
        return TOP + (height - TOP - BOTTOM) * (1 - Math.max(0, Math.min(1, f)));
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(width).append(' ').append(height)
            .append("\" data-chart=\"").append(chart).append('"');
        if (policy != null) {
            sb.append(" data-policy=\"").append(HtmlReport.escape(policy)).append('"');
        }
        sb.append(">\n<g class=\"grid\">");
        double step = niceStep((y1 - y0) / 4);
        for (double y = y0; y <= y1 + step / 1e6; y += step) {
            double p = py(y);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
                + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT, width - RIGHT, p, p, LEFT - 4,
                p + 3, HtmlReport.escape(yLabel.apply(Math.abs(y) < step / 1e6 ? 0 : y))));
        }
        sb.append("</g>\n<svg x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height)
            .append("\" class=\"plot\">\n").append(body).append("</svg>\n");
        sb.append("<g class=\"axis\" transform=\"translate(0,").append(height - BOTTOM).append(")\">");
        sb.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(width - RIGHT).append("\" y1=\"0\" y2=\"0\"/>");
        xTicks.forEach(sb::append);
        sb.append("</g>\n</svg>\n");
        return sb.toString();
    }

    /** [lo, hi] widened to whole steps of a 1-2-5 series; a flat or empty range becomes [0, 1]. */
    static double[] niceRange(double lo, double hi) {
        lo = Math.min(0, lo);
        hi = Math.max(0, hi);
        if (!(hi - lo > 0)) {
            return new double[]{0, 1};
        }
        double step = niceStep((hi - lo) / 4);
        return new double[]{Math.floor(lo / step) * step, Math.ceil(hi / step) * step};
    }

    static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    }
}
