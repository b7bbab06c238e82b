package io.wattshift.scheduler.mining;

import io.wattshift.engine.Engine;
import io.wattshift.engine.model.MiningReport;
import io.wattshift.miners.fleet.CurtailmentReport;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * {@link MiningEvents} that feeds the engine on its owner context: a curtailment whose fleet now uses at most
 * the lease confirms it ({@link Engine#curtailmentConfirmed}), anything else is reported as drawn
 * ({@link Engine#reportMining}), so silent miners keep their nameplate in the engine's books.
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
        schedulingContext.execute(() -> {
            if (miningKw <= leaseKw + 1e-6) engine.curtailmentConfirmed(hall);
            else engine.reportMining(new MiningReport(hall, miningKw, clock.instant()));
        });
    }

    @Override
    public void fleetPower(String hall, double miningKw) {
        schedulingContext.execute(() -> engine.reportMining(new MiningReport(hall, miningKw, clock.instant())));
    }
}
