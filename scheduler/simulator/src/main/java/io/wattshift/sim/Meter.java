package io.wattshift.sim;

/**
 * Integrates energy, cost and revenue over time. Power is piecewise constant between events; price changes only
 * at the start of a price interval, which is an event, so one interval has one price. Energy is at the feed: AI's
 * and mining's both carry the hall's cooling overhead; mining revenue is after the pool's fee.
 */
final class Meter {
    private final Plant plant;
    private final double aiUsdPerGpuHour;
    private final int totalGpus;
    double aiMwh;
    double miningMwh;
    double aiCostUsd;
    double miningCostUsd;
    double aiRevenueUsd;
    double miningRevenueUsd;
    double busyGpuSeconds;
    /** Sum over running jobs of GPUs x speed: GPU-seconds of full-speed work done per second. */
    double effectiveGpus;
    /** GPUs bound to pods. */
    int boundGpus;
    /** The pool's share of mining revenue (the policy's market settings). */
    double poolFee;
    private long last;

    Meter(Plant plant, double aiUsdPerGpuHour, int totalGpus) {
        this.plant = plant;
        this.aiUsdPerGpuHour = aiUsdPerGpuHour;
        this.totalGpus = totalGpus;
    }

    /** Account for [last, now) at {@code priceUsdPerMwh} and {@code hashprice} ($/PH/day). */
    void advance(long now, double priceUsdPerMwh, double hashprice) {
        long dt = now - last;
        if (dt <= 0) {
            return;
        }
        double hours = dt / 3600.0;
        double aiKw = 0;
        double miningKw = 0;
        double phPerS = 0;
        for (Plant.HallP h : plant.halls) {
            aiKw += h.drawW / 1000 * h.config.coolingOverhead();
            // standby costs energy and earns nothing; the hall's cooling runs for the miners as for AI
            miningKw += h.miningDrawKw() * h.config.coolingOverhead();
            phPerS += h.miningKw * 1000 / h.config.miners().joulesPerTh() / 1000;
        }
        aiMwh += aiKw * hours / 1000;
        miningMwh += miningKw * hours / 1000;
        aiCostUsd += aiKw * hours / 1000 * priceUsdPerMwh;
        miningCostUsd += miningKw * hours / 1000 * priceUsdPerMwh;
        miningRevenueUsd += phPerS * hashprice * (1 - poolFee) * dt / 86400.0;
        aiRevenueUsd += effectiveGpus * hours * aiUsdPerGpuHour;
        busyGpuSeconds += (double) boundGpus * dt;
        last = now;
    }

    double utilisation(long horizon) {
        return horizon == 0 ? 0 : busyGpuSeconds / ((double) totalGpus * horizon);
    }
}
