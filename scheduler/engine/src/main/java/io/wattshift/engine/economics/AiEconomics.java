package io.wattshift.engine.economics;

/**
 * Does a GPU-hour pay for its energy? A GPU capped at a fraction f of its maximum limit runs at
 * {@link CapCurve#speed(double)} and draws {@link CapCurve#draw(double)} of the maximum (Zeus measurements); its
 * share of the host's power and the hall's cooling overhead come on top. Work earns its value per GPU-hour times its
 * speed; energy costs the price times the feed power.
 */
public final class AiEconomics {
    /** Caps are chosen in steps of this fraction of the maximum limit. */
    static final double CAP_STEP = 0.05;

    private AiEconomics() {
    }

    /** Feed power of one GPU at a cap fraction, with its host share and the hall's overhead, kW. */
    public static double gpuFeedKw(double capFraction, double maxLimitW, double hostWPerGpu, double coolingOverhead) {
        return (CapCurve.draw(capFraction) * maxLimitW + hostWPerGpu) * coolingOverhead / 1000.0;
    }

    /** What one GPU-hour earns minus what its energy costs, $, at a cap fraction. */
    public static double marginUsdPerGpuHour(double usdPerGpuHour, double energyUsdPerMwh, double capFraction,
                                             double maxLimitW, double hostWPerGpu, double coolingOverhead) {
        return usdPerGpuHour * CapCurve.speed(capFraction)
            - energyUsdPerMwh * gpuFeedKw(capFraction, maxLimitW, hostWPerGpu, coolingOverhead) / 1000.0;
    }

    /**
     * The energy price above which a GPU-hour at full limit costs more than it earns, $/MWh; +infinity when the
     * work's value is unknown (NaN) or the GPU draws nothing.
     */
    public static double suspendPriceUsdPerMwh(double usdPerGpuHour, double maxLimitW, double hostWPerGpu,
                                               double coolingOverhead) {
        double kw = gpuFeedKw(1.0, maxLimitW, hostWPerGpu, coolingOverhead);
        if (Double.isNaN(usdPerGpuHour) || kw <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return usdPerGpuHour * 1000.0 / kw;
    }

    /**
     * The cap fraction in [{@code floorFraction}, 1] (steps of 5 %) that earns the most per GPU-hour at this price;
     * 1.0 when the value is unknown. Ties go to the higher cap (more work done for the same margin).
     */
    public static double bestCapFraction(double usdPerGpuHour, double energyUsdPerMwh, double maxLimitW,
                                         double hostWPerGpu, double coolingOverhead, double floorFraction) {
        if (Double.isNaN(usdPerGpuHour)) {
            return 1.0;
        }
        double best = 1.0;
        double bestMargin = marginUsdPerGpuHour(usdPerGpuHour, energyUsdPerMwh, 1.0, maxLimitW, hostWPerGpu,
            coolingOverhead);
        for (int i = 1; ; i++) {
            double f = 1.0 - i * CAP_STEP;
            if (f < floorFraction - 1e-9) {
                break;
            }
            double m = marginUsdPerGpuHour(usdPerGpuHour, energyUsdPerMwh, f, maxLimitW, hostWPerGpu,
                coolingOverhead);
            if (m > bestMargin + 1e-12) {
                best = f;
                bestMargin = m;
            }
        }
        return best;
    }
}
