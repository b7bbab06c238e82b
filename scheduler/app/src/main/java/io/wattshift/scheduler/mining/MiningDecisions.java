package io.wattshift.scheduler.mining;

import io.wattshift.engine.Decision;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Routes the engine's mining decisions to the {@link MiningLeaseController}; other decisions are not its business. */
public final class MiningDecisions {

    private final MiningLeaseController controller;
    private final Function<String, Instant> arrivalOfJob;

    /**
     * @param arrivalOfJob when a job (by key) arrived, the start of its {@code wattshift_curtailment_seconds}
     *                     measurement; may return null when unknown (nothing is recorded then)
     */
    public MiningDecisions(MiningLeaseController controller, Function<String, Instant> arrivalOfJob) {
        this.controller = controller;
        this.arrivalOfJob = arrivalOfJob;
    }

    /** Applies {@code d} if it is a mining decision; returns null for any other decision. Call in decision order. */
    public CompletableFuture<?> apply(Decision d) {
        if (d instanceof Decision.MiningLease l) return controller.applyLease(l.hall(), l.kw(), l.reason());
        if (d instanceof Decision.CurtailMining c) {
            Instant arrival = c.forJob() == null ? null : arrivalOfJob.apply(c.forJob());
            return controller.curtail(c.hall(), c.kw(), c.leaseKw(), c.forJob(), arrival);
        }
        return null;
    }
}
