package io.wattshift.engine;

import io.wattshift.engine.model.HallReason;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link Engine#step()} asks the adapter to do. The adapter applies them in list order; a
 * {@link CurtailMining} comes before the {@link Bind}s that wait for it, but those binds are only emitted (in a
 * later step) after the curtailment is confirmed.
 */
public sealed interface Decision {

    /**
     * Bind pod {@code pod} of {@code job} to {@code node} using GPUs {@code gpus}. The engine has assumed it:
     * answer with {@link Engine#confirmBound} or {@link Engine#bindFailed}.
     *
     * @param gpuLimitW  power limit the GPUs run at (a {@link SetPowerCap} precedes it when it changes), W
     * @param committedW IT power committed for the pod (GPUs + host share), W; the hall feed carries it times the
     *                   hall's cooling overhead
     */
    record Bind(String job, int pod, String node, List<Integer> gpus, double gpuLimitW, double committedW)
        implements Decision {
        public Bind {
            gpus = List.copyOf(gpus);
        }
    }

    /** Set the power limit of one GPU, W. Idempotent. */
    record SetPowerCap(String node, int gpu, double watts) implements Decision {
    }

    /**
     * Lower the hall's mining lease by {@code kw} to {@code leaseKw}. The engine counts the old lease until the
     * adapter calls {@link Engine#curtailmentConfirmed} (or reports fleet power at or below the lease).
     *
     * @param forJob the job waiting for the power, or null when the curtailment restores a limit
     */
    record CurtailMining(String hall, double kw, double leaseKw, String forJob) implements Decision {
    }

    /**
     * The mining lease of a hall is now {@code kw} (a grant when it rose, a release when it fell for price
     * reasons). The fleet adapter wakes or curtails miners to match.
     */
    record MiningLease(String hall, double kw, String reason) implements Decision {
    }

    /**
     * Evict the pods of {@code victims} (job keys). Preempted jobs return to the queue once the adapter has reported
     * all their pods finished.
     *
     * @param forJob the higher-priority job that needs the room, or null when a limit must be restored
     */
    record Preempt(String forJob, List<String> victims, String reason) implements Decision {
        public Preempt {
            victims = List.copyOf(victims);
        }
    }

    /**
     * Suspend {@code job} for price: its work costs more energy than it earns. The adapter signals a checkpoint to
     * its pods, gives them {@code grace} to save their progress, then stops them; the job returns to the queue once
     * the adapter has reported all its pods finished, and is placed again when the price falls.
     */
    record Suspend(String job, String reason, java.time.Duration grace) implements Decision {
    }

    /** The job stays pending; one reason per hall a tenant can read. Emitted when the reason changes. */
    record Unschedulable(String job, List<HallReason> reasons) implements Decision {
        public Unschedulable {
            reasons = List.copyOf(reasons);
        }

        /** All reasons, one per hall, joined with "; ". */
        public String message() {
            return reasons.stream().map(HallReason::message).collect(Collectors.joining("; "));
        }
    }
}
