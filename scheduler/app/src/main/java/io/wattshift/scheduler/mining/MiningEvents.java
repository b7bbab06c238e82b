package io.wattshift.scheduler.mining;

import io.wattshift.miners.fleet.CurtailmentReport;

/**
 * What the mining side tells the engine. Implementations hop to the scheduling context (these calls arrive on I/O
 * or worker threads) and feed the engine: a curtailment whose fleet now uses at most the lease confirms it
 * ({@code Engine#curtailmentConfirmed}); otherwise the power is reported as drawn.
 * Power in kW, as the lease books count it ({@code FleetSnapshot#leaseWatts}): every miner not confirmed asleep at
 * nameplate (silent ones included), confirmed-asleep miners' standby draw excluded (hall base load, a few watts
 * each). Calls for one hall arrive in order.
 */
public interface MiningEvents {

    /**
     * A curtailment for AI or a grid event finished: the miners confirmed the drop, or the confirm timeout passed
     * and the silent ones stay counted at nameplate in {@code miningKw}.
     *
     * @param leaseKw     the lease the curtailment brought the hall to
     * @param miningKw what the hall's miners must now be counted at (nameplate for every miner not confirmed asleep)
     */
    void curtailed(String hall, double leaseKw, double miningKw, CurtailmentReport report);

    /** A periodic or post-command reading of a hall's fleet: what its miners must be counted at, kW. */
    void fleetPower(String hall, double miningKw);
}
