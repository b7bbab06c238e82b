package io.wattshift.engine.model;

/**
 * The ASIC miners in a hall: the elastic buffer that absorbs idle power and gives it back first.
 *
 * <p>A miner put to sleep still draws its standby power (control board, fans, PSU idle). The engine books the
 * whole fleet's standby ({@link #standbyKw()}) as the hall's base load, always: it is not mining (no lease covers
 * it, no curtailment removes it), and counting it for every miner, awake ones included, keeps the books at or
 * above what the fleet draws whichever miners are awake.
 *
 * @param count        number of miners
 * @param wattsEach    power of one miner at full hashrate, W
 * @param joulesPerTh  efficiency, J/TH (Antminer S21: 17.5)
 * @param standbyWatts power of one sleeping miner, W; at most {@code wattsEach}
 */
public record MinerFleetSpec(int count, double wattsEach, double joulesPerTh, double standbyWatts) {
    public static final MinerFleetSpec NONE = new MinerFleetSpec(0, 0, 1, 0);

    public MinerFleetSpec {
        if (count < 0) {
            throw new IllegalArgumentException("miners.count must be >= 0, got " + count);
        }
        Checks.nonNegative(wattsEach, "miners.wattsEach");
        Checks.positive(joulesPerTh, "miners.joulesPerTh");
        Checks.nonNegative(standbyWatts, "miners.standbyWatts");
        if (standbyWatts > wattsEach) {
            throw new IllegalArgumentException("miners.standbyWatts (" + standbyWatts
                + " W) must not exceed miners.wattsEach (" + wattsEach + " W)");
        }
    }

    /** Power of the whole fleet at full hashrate, kW. */
    public double maxKw() {
        return count * wattsEach / 1000.0;
    }

    /** Standby power of the whole fleet asleep, kW: the hall's base load while it has these miners. */
    public double standbyKw() {
        return count * standbyWatts / 1000.0;
    }

    /**
     * Mining revenue per MWh at a hashprice: {@code hashprice x 1000 / (24 x J/TH)}.
     *
     * @param hashpriceUsdPerPhDay $ earned per PH/s per day
     */
    public double revenueUsdPerMwh(double hashpriceUsdPerPhDay) {
        return hashpriceUsdPerPhDay * 1000.0 / (24.0 * joulesPerTh);
    }
}
