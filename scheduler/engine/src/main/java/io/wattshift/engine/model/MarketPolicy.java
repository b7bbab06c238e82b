package io.wattshift.engine.model;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the market room weighs a megawatt (the PowerPolicy's {@code market} settings).
 *
 * @param hysteresisUsdPerMwh anti-flap band around the mining margin: mining starts at margin + band and stops
 *                            below margin - band, never later (a lease in a losing interval is cut at once)
 * @param poolFee             fraction of mining revenue the pool keeps (0.02 = 2 %)
 * @param minerWakeUp         miners take this long from a wake command to full hashrate, drawing power meanwhile:
 *                            the wake cost a short cheap interval must repay
 * @param minerRampDown       miners take this long to drop after a sleep command: a losing interval known ahead is
 *                            met this early
 * @param aiUsdPerGpuHour     what a GPU-hour of work at full speed earns; NaN: unknown, AI is never suspended or
 *                            capped for price
 * @param aiUsdPerGpuHourByPriority per-priority override of {@code aiUsdPerGpuHour}
 * @param aiResumeFraction    suspended work resumes once the price falls below this fraction of its suspend price
 * @param suspendGrace        how long a suspended pod has between its checkpoint signal and being stopped
 */
public record MarketPolicy(double hysteresisUsdPerMwh, double poolFee, Duration minerWakeUp, Duration minerRampDown,
                           double aiUsdPerGpuHour, Map<Integer, Double> aiUsdPerGpuHourByPriority,
                           double aiResumeFraction, Duration suspendGrace) {
    public MarketPolicy {
        Checks.nonNegative(hysteresisUsdPerMwh, "market.hysteresisUsdPerMwh");
        if (!(poolFee >= 0 && poolFee < 1)) {
            throw new IllegalArgumentException("market.poolFee must be in [0, 1), got " + poolFee);
        }
        Objects.requireNonNull(minerWakeUp, "minerWakeUp");
        Objects.requireNonNull(minerRampDown, "minerRampDown");
        if (aiUsdPerGpuHour < 0) {
            throw new IllegalArgumentException("market.aiUsdPerGpuHour must be >= 0, got " + aiUsdPerGpuHour);
        }
        aiUsdPerGpuHourByPriority = Map.copyOf(aiUsdPerGpuHourByPriority);
        if (!(aiResumeFraction > 0 && aiResumeFraction <= 1)) {
            throw new IllegalArgumentException("market.aiResumeFraction must be in (0, 1], got " + aiResumeFraction);
        }
        Objects.requireNonNull(suspendGrace, "suspendGrace");
    }

    /**
     * $3/MWh band, 2 % pool fee (FPPS pools charge 2-2.5 %), 60 s wake-up and 30 s ramp-down (LuxOS / Braiins on an
     * S21), AI worth $2.00 per GPU-hour at full speed (an H100 rented by the hour), resume below 90 % of the suspend
     * price, 30 s checkpoint grace.
     */
    public static MarketPolicy defaults() {
        return new MarketPolicy(3, 0.02, Duration.ofSeconds(60), Duration.ofSeconds(30), 2.0, Map.of(), 0.9,
            Duration.ofSeconds(30));
    }

    /** What a GPU-hour of a job of this priority earns at full speed, $ (NaN: unknown). */
    public double aiUsdPerGpuHour(int priority) {
        Double v = aiUsdPerGpuHourByPriority.get(priority);
        return v == null ? aiUsdPerGpuHour : v;
    }

    public MarketPolicy withAiUsdPerGpuHour(double v) {
        return new MarketPolicy(hysteresisUsdPerMwh, poolFee, minerWakeUp, minerRampDown, v,
            aiUsdPerGpuHourByPriority, aiResumeFraction, suspendGrace);
    }
}
