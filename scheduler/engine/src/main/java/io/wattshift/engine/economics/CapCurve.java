package io.wattshift.engine.economics;

/**
 * What a GPU power cap costs: relative speed and average draw against the cap as a fraction of the GPU's maximum
 * limit. Averaged from the Zeus measurements (NSDI'23; ml-energy/zeus @75a8b939,
 * examples/research_reproducibility/zeus_nsdi23/trace/summary_power_{v100,a40}.csv: 68 V100 and 53 A40 training
 * configurations, epoch time and average power per power limit). Caps buy throughput: at 60% of the maximum limit
 * a GPU keeps about 92% of its speed.
 */
public final class CapCurve {
    /** cap / max limit. */
    private static final double[] FRACTION = {0.30, 0.40, 0.50, 0.60, 0.70, 0.80, 0.90, 1.00};
    /** epoch time at max limit / epoch time at the cap. */
    private static final double[] SPEED = {0.50, 0.72, 0.83, 0.925, 0.963, 0.985, 0.996, 1.00};
    /** average draw / max limit. */
    private static final double[] DRAW = {0.31, 0.33, 0.39, 0.43, 0.48, 0.53, 0.57, 0.605};

    private CapCurve() {
    }

    public static double speed(double capFraction) {
        return interpolate(SPEED, capFraction);
    }

    /** Average draw at a cap, as a fraction of the maximum limit. */
    public static double draw(double capFraction) {
        return interpolate(DRAW, capFraction);
    }

    private static double interpolate(double[] ys, double x) {
        if (x <= FRACTION[0]) {
            return ys[0] * Math.max(0, x) / FRACTION[0];
        }
        for (int i = 1; i < FRACTION.length; i++) {
            if (x <= FRACTION[i]) {
                double t = (x - FRACTION[i - 1]) / (FRACTION[i] - FRACTION[i - 1]);
                return ys[i - 1] + t * (ys[i] - ys[i - 1]);
            }
        }
        return ys[ys.length - 1];
    }
}
