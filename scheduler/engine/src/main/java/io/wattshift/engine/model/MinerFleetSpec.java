package io.wattshift.engine.model;

/**
 * The ASIC miners in a hall: the elastic buffer that absorbs idle power and gives it back first.
 *
 * @param count       number of miners
 * @param wattsEach   power of one miner at full hashrate, W
 * @param joulesPerTh efficiency, J/TH (Antminer S21: 17.5)
 */
public record MinerFleetSpec(int count, double wattsEach, double joulesPerTh) {
    public static final MinerFleetSpec NONE = new MinerFleetSpec(0, 0, 1);

    public MinerFleetSpec {
        if (count < 0) {
            throw new IllegalArgumentException("miners.count must be >= 0, got " + count);
        }
        Checks.nonNegative(wattsEach, "miners.wattsEach");
        Checks.positive(joulesPerTh, "miners.joulesPerTh");
    }

    /** Power of the whole fleet at full hashrate, kW. */
    public double maxKw() {
        return count * wattsEach / 1000.0;
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
