package io.wattshift.scheduler.mining;

import io.wattshift.miners.fleet.CurtailmentReport;

/**
 * What the mining side tells the engine. Implementations hop to the scheduling context (these calls arrive on I/O
 * or worker threads) and feed the engine: a curtailment whose fleet now commits at most the lease confirms it
 * ({@code Engine#curtailmentConfirmed}); otherwise the committed power is reported as drawn.
 * Power in kW. Calls for one hall arrive in order.
 */
public interface MiningEvents {

    /**
     * A curtailment for AI or a grid event finished: the miners confirmed the drop, or the confirm timeout passed
     * and the silent ones stay counted at nameplate in {@code committedKw}.
     *
     * @param leaseKw     the lease the curtailment brought the hall to
     * @param committedKw what the hall's miners must now be counted at (reported draw, nameplate for the silent)
     */
    void curtailed(String hall, double leaseKw, double committedKw, CurtailmentReport report);

    /** A periodic or post-command reading of a hall's fleet: what its miners must be counted at, kW. */
    void fleetPower(String hall, double committedKw);
}
