package io.wattshift.scheduler.mining;

import io.wattshift.miners.fleet.CurtailmentReport;

/**
 * What the mining side tells the engine. Implementations hop to the scheduling context (these calls arrive on I/O
 * or worker threads) and report the power to the engine ({@code Engine#reportMining}), which confirms the lease
 * when the fleet draws at most the lease plus the standby it books for the fleet.
 * Power in kW, what the fleet must be assumed to draw ({@code FleetSnapshot#committedWatts}): every miner not
 * confirmed asleep at nameplate (silent ones included), confirmed-asleep miners at their own reading (their standby:
 * control board, fans, PSU idle), which is at most the standby the engine books for them (the Hall's declared
 * {@code standbyWatts}, else 10 % of nameplate: a miner is confirmed asleep only at or below it). Calls for one hall
 * arrive in order.
 */
public interface MiningEvents {

    /**
     * A curtailment for AI or a grid event finished: the miners confirmed the drop, or the confirm timeout passed
     * and the silent ones stay counted at nameplate in {@code miningKw}.
     *
     * @param leaseKw     the lease the curtailment brought the hall to
     * @param miningKw what the hall's miners must now be counted at (nameplate for every miner not confirmed asleep,
     *                 standby for the others)
     */
    void curtailed(String hall, double leaseKw, double miningKw, CurtailmentReport report);

    /** A periodic or post-command reading of a hall's fleet: what its miners must be counted at (standby too), kW. */
    void fleetPower(String hall, double miningKw);
}
