package io.wattshift.engine.model;

/**
 * Current prices the mining rule uses.
 *
 * @param energyUsdPerMwh      energy price now, $/MWh
 * @param hashpriceUsdPerPhDay mining revenue, $ per PH/s per day
 */
public record Market(double energyUsdPerMwh, double hashpriceUsdPerPhDay) {
}
