package io.wattshift.sim;

import java.util.Arrays;

/** A growable list of samples with mean and percentiles. */
final class Stats {
    private double[] values = new double[16];
    private int n;

    void add(double v) {
        if (n == values.length) {
            values = Arrays.copyOf(values, n * 2);
        }
        values[n++] = v;
    }

    int count() {
        return n;
    }

    double mean() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += values[i];
        }
        return n == 0 ? 0 : s / n;
    }

    /** Nearest-rank percentile, 0 when empty. */
    double percentile(double p) {
        if (n == 0) {
            return 0;
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
    }
}
