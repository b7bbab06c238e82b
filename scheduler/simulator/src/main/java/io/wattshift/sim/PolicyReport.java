package io.wattshift.sim;

import java.util.Map;

/**
 * What one policy achieved over the run. Money in $, energy in MWh (at the feed: AI includes cooling overhead),
 * times in seconds.
 *
 * @param aiUsdPerMwh       AI revenue per MWh AI used
 * @param miningUsdPerMwh   mining revenue per MWh mining used
 * @param netUsd            revenue minus energy cost, AI and mining together
 * @param gpuUtilisation    GPU-hours bound to pods / GPU-hours available
 * @param waits             queue wait (submit to first bind) by priority
 * @param curtailments      mining curtailments for AI
 * @param powerViolations   moments a rack, hall feed or the site was over its limit (independent checker)
 * @param coolingViolations moments a hall's heat was over its cooling at the real ambient
 * @param minersOverTcp     what the fleet adapter exchanged with the simulated miners ({@code --miners tcp}); null
 *                          under the virtual fleet model or for a policy without miners
 * @param series            the run over time (power by hall and kind, price, queue, net, events)
 * @param market            what the market made of the run: losses avoided or not, work given up, the oracle
 */
public record PolicyReport(String policy, double hours, double aiRevenueUsd, double miningRevenueUsd,
                           double aiEnergyMwh, double miningEnergyMwh, double aiEnergyCostUsd,
                           double miningEnergyCostUsd, double aiUsdPerMwh, double miningUsdPerMwh, double netUsd,
                           double gpuUtilisation, Jobs jobs, Map<Integer, Wait> waits, Curtailments curtailments,
                           long powerViolations, long coolingViolations, String firstViolation,
                           MinerTraffic minersOverTcp, TimeSeries series, MarketFigures market) {

    /**
     * @param minedAtLossMwh            MWh the miners drew while hashing in intervals where mining earned less than
     *                                  its energy cost (ramp tails only, for a policy that reads the market right)
     * @param aiAboveValueMwh           AI energy bought while the price was above what a GPU-hour earns
     * @param suspensions               price suspensions of preemptible training (checkpoint, stop, re-queue)
     * @param resumes                   suspended jobs placed again once the price fell
     * @param gpuHoursLostToCaps        GPU-hours of full-speed work the running jobs' caps took
     * @param gpuHoursLostToSuspensions GPU-hours suspended jobs waited for the price to fall
     * @param oracle                    the hindsight oracle's mining over this run (see {@code MarketMeter}); null
     *                                  for a run without miners or curtailment
     */
    public record MarketFigures(double minedAtLossMwh, double aiAboveValueMwh, int suspensions, int resumes,
                                double gpuHoursLostToCaps, double gpuHoursLostToSuspensions, Oracle oracle) {
    }

    /** The oracle's mining: revenue after the pool's fee, energy cost and energy (standby included). */
    public record Oracle(double miningRevenueUsd, double miningCostUsd, double miningMwh) {
    }

    /**
     * The oracle as a column of its own: this run's AI (revenue, energy, jobs, waits) with the oracle's mining, or
     * null when this run measured none.
     */
    public PolicyReport oracleColumn() {
        if (market == null || market.oracle() == null) {
            return null;
        }
        Oracle o = market.oracle();
        double net = aiRevenueUsd - aiEnergyCostUsd + o.miningRevenueUsd() - o.miningCostUsd();
        return new PolicyReport("oracle", hours, aiRevenueUsd, o.miningRevenueUsd(), aiEnergyMwh, o.miningMwh(),
            aiEnergyCostUsd, o.miningCostUsd(), aiUsdPerMwh, o.miningMwh() == 0 ? 0 : o.miningRevenueUsd()
            / o.miningMwh(), net, gpuUtilisation, jobs, waits, new Curtailments(0, 0, 0, 0, 0, 0, 0), 0, 0, null,
            null, null, new MarketFigures(0, market.aiAboveValueMwh(), market.suspensions(), market.resumes(),
                market.gpuHoursLostToCaps(), market.gpuHoursLostToSuspensions(), null));
    }


    /** Every job is in exactly one of completed, running at the end, waiting at the end. */
    public record Jobs(int submitted, int completed, int runningAtEnd, int waitingAtEnd, int neverStarted,
                       long preemptions, int skippedFromTrace) {
    }

    public record Wait(int started, double meanS, double p99S) {
    }

    /**
     * @param count          curtailments issued to make room for an AI job
     * @param mw             MW curtailed for AI in total
     * @param meanPowerFreeS mean time from the engine's demand for power to the miners' confirmed drop
     * @param p99PowerFreeS  p99 of the same
     * @param meanToBindS    mean time from the demand to the waiting gang's bind
     * @param forLimits      curtailments issued to keep a limit (cooling falling as the day warms)
     * @param forLimitsMw    MW curtailed for limits in total
     */
    public record Curtailments(int count, double mw, double meanPowerFreeS, double p99PowerFreeS,
                               double meanToBindS, int forLimits, double forLimitsMw) {
    }

    /**
     * Traffic between the real fleet stack (HallFleet, LuxosFleetAdapter) and the simulated miners over TCP.
     *
     * @param tcpMiners         simulated miners listening (one port each), all halls
     * @param minersPerTcpMiner site miners one simulated miner stands for (its nameplate is that many times
     *                          wattsEach); the largest block where the last one of a hall is smaller
     * @param commandsSent      curtail commands (sleep or wakeup) the adapter sent
     * @param commandsReceived  curtail commands the simulated miners accepted
     * @param confirmedAsleep   times a miner told to sleep reported its idle draw
     * @param errors            failed exchanges (commands and reads: timeout, garbage, refused, ...)
     * @param unhealthyAtEnd    simulated miners whose last exchange failed (counted at nameplate)
     * @param swaps             lease changes that woke some miners while putting others to sleep: until the
     *                          sleep is confirmed both count at nameplate, so the fleet's books exceed the lease
     */
    public record MinerTraffic(int tcpMiners, int minersPerTcpMiner, long commandsSent, long commandsReceived,
                               long confirmedAsleep, long errors, long unhealthyAtEnd, long swaps) {
    }
}
