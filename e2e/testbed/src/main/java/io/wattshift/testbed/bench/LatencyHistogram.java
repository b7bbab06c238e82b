package io.wattshift.testbed.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus histogram read from a {@code /metrics} text page: cumulative buckets, count and sum, and quantiles
 * interpolated within a bucket as PromQL's {@code histogram_quantile} does.
 *
 * @param buckets upper bound (seconds) and cumulative count, in increasing order; the last is +Inf
 */
record LatencyHistogram(String name, List<Bucket> buckets, double count, double sumSeconds) {
    record Bucket(double le, double cumulative) {
    }

    static LatencyHistogram parse(String metricsText, String name) {
        Pattern bucket = Pattern.compile("^" + Pattern.quote(name) + "_bucket\\{(?:.*,)?le=\"([^\"]+)\".*\\}\\s+(\\S+)$");
        List<Bucket> buckets = new ArrayList<>();
        double count = Double.NaN;
        double sum = Double.NaN;
        for (String line : metricsText.split("\n")) {
            Matcher m = bucket.matcher(line);
            if (m.matches()) {
                double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                buckets.add(new Bucket(le, Double.parseDouble(m.group(2))));
            } else if (line.startsWith(name + "_count")) {
                count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith(name + "_sum")) {
                sum = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        if (buckets.isEmpty() || Double.isNaN(count)) {
            throw new IllegalArgumentException("no histogram " + name + " in the metrics page");
        }
        buckets.sort(java.util.Comparator.comparingDouble(Bucket::le));
        return new LatencyHistogram(name, List.copyOf(buckets), count, sum);
    }

    /** The q-quantile (0..1) in seconds; NaN when empty. */
    double quantile(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        double rank = q * count;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Bucket b : buckets) {
            if (b.cumulative() >= rank) {
                if (Double.isInfinite(b.le())) {
                    return lowerBound; // as histogram_quantile: the highest finite bound
                }
                double inBucket = b.cumulative() - lowerCount;
                return inBucket == 0 ? b.le() : lowerBound + (b.le() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = b.le();
            lowerCount = b.cumulative();
        }
        return lowerBound;
    }

    /** "count 2000, mean 1.234 s, p50 ..., p90 ..., p99 ..., max bucket <= ..." */
    String summary() {
        double max = buckets.stream().filter(b -> b.cumulative() >= count).mapToDouble(Bucket::le).findFirst()
                .orElse(Double.NaN);
        return String.format(Locale.ROOT, "count %.0f, mean %.3f s, p50 %.3f s, p90 %.3f s, p99 %.3f s, all <= %s s",
                count, count == 0 ? Double.NaN : sumSeconds / count, quantile(0.5), quantile(0.9), quantile(0.99),
                Double.isInfinite(max) ? "+Inf" : String.format(Locale.ROOT, "%.3f", max));
    }
}
