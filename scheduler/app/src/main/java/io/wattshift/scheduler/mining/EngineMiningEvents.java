package io.wattshift.scheduler.mining;

import io.wattshift.engine.Engine;
import io.wattshift.engine.model.MiningReport;
import io.wattshift.miners.fleet.CurtailmentReport;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * {@link MiningEvents} that feeds the engine on its owner context: every fleet reading, a finished curtailment's
 * too, goes to {@link Engine#reportMining} with the standby of sleeping miners included. The engine confirms the
 * lease when that is at most the lease plus the fleet's standby it books as base load ({@code Translation} books the
 * same per-miner figure the fleet confirms sleep against: {@link FleetSettings#standbyWattsEach}), and otherwise
 * counts the excess as mining, so silent miners keep their nameplate in its books.
 */
public final class EngineMiningEvents implements MiningEvents {

    private final Engine engine;
    private final Executor schedulingContext;
    private final Clock clock;

    /**
     * @param engine            the placement engine
     * @param schedulingContext runs tasks on the engine's owner thread (the scheduling context)
     * @param clock             time stamp of the reports
     */
    public EngineMiningEvents(Engine engine, Executor schedulingContext, Clock clock) {
        this.engine = engine;
        this.schedulingContext = schedulingContext;
        this.clock = clock;
    }

    @Override
    public void curtailed(String hall, double leaseKw, double miningKw, CurtailmentReport report) {
        // only the engine knows the standby it books, so it decides whether this confirms the lease
        fleetPower(hall, miningKw);
    }

    @Override
    public void fleetPower(String hall, double miningKw) {
        schedulingContext.execute(() -> engine.reportMining(new MiningReport(hall, miningKw, clock.instant())));
    }
}
