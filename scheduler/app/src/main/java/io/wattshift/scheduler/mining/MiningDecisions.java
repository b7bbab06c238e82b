package io.wattshift.scheduler.mining;

import io.wattshift.engine.Decision;
import io.wattshift.miners.MinerMetrics;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the engine's mining decisions to the {@link MiningLeaseController}; other decisions are not its business.
 * Every outcome is counted ({@code wattshift_mining_decisions_total{decision,outcome}}); a failed one is also
 * logged and handed to {@code onFailure} (the hall's status), never dropped: the engine re-issues an unconfirmed
 * curtailment after its timeout, so a failure delays mining's answer but cannot hide it.
 */
public final class MiningDecisions {

    private static final Logger LOG = LoggerFactory.getLogger(MiningDecisions.class);

    private final MiningLeaseController controller;
    private final Function<String, Instant> arrivalOfJob;
    private final MinerMetrics metrics;
    private final BiConsumer<String, Throwable> onFailure;

    /**
     * @param arrivalOfJob when a job (by key) arrived, the start of its {@code wattshift_curtailment_seconds}
     *                     measurement; may return null when unknown (nothing is recorded then)
     * @param metrics      where outcomes are counted
     * @param onFailure    told (hall, cause) of a decision whose future failed, and (hall, null) of one that
     *                     succeeded; called on the thread that completed the future, must not block
     */
    public MiningDecisions(MiningLeaseController controller, Function<String, Instant> arrivalOfJob, MinerMetrics metrics,
                           BiConsumer<String, Throwable> onFailure) {
        this.controller = controller;
        this.arrivalOfJob = arrivalOfJob;
        this.metrics = metrics;
        this.onFailure = onFailure;
    }

    /** Applies {@code d} if it is a mining decision; returns null for any other decision. Call in decision order. */
    public CompletableFuture<?> apply(Decision d) {
        if (d instanceof Decision.MiningLease l) {
            return watch("lease", l.hall(), d, controller.applyLease(l.hall(), l.kw(), l.reason()));
        }
        if (d instanceof Decision.CurtailMining c) {
            Instant arrival = c.forJob() == null ? null : arrivalOfJob.apply(c.forJob());
            return watch("curtail", c.hall(), d, controller.curtail(c.hall(), c.kw(), c.leaseKw(), c.forJob(), arrival));
        }
        return null;
    }

    private <T> CompletableFuture<T> watch(String decision, String hall, Decision d, CompletableFuture<T> f) {
        String answered = controller.hasFleet(hall) ? "ok" : "no_fleet";
        return f.whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("hall {}: mining decision {} failed: {}", hall, d, e.toString());
                metrics.decision(decision, "failed");
            } else {
                metrics.decision(decision, answered);
            }
            onFailure.accept(hall, e);
        });
    }
}
