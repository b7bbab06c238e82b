package io.wattshift.engine.constraints;

import io.wattshift.engine.model.Insufficient;
import java.util.Set;

/**
 * One placement check. The placer and the explainer walk the same {@link Constraints} list: a check filters (a
 * hall prune here, a node filter in {@link NodeFilter}, a power budget in {@link PowerBudget}), may score
 * ({@link NodeScore}), and explains why a job does not fit in a hall, so a message cannot disagree with a decision.
 *
 * <p>{@link #reads()} names every job field the check looks at: the admission pass memoises failures per shape
 * of exactly those fields, so a check that reads a field it does not declare would let the memo answer a job
 * from another job's failure.
 */
public interface Constraint {
    /** Short name, e.g. "gpus", "hall-power"; also the resource of the {@link Insufficient} it reports. */
    String name();

    /** The job fields this check reads (the failure memo keys on the union over all checks). */
    Set<JobField> reads();

    /**
     * Whether one pod of {@code ask} could fit somewhere in {@code hall}: a cheap prune before any rack or node is
     * looked at. Default: yes.
     */
    default boolean hallMayHold(Ask ask, HallState hall) {
        return true;
    }

    /**
     * Why all {@code ask.pods()} pods cannot fit in {@code hall} by this check, or null. {@code need} holds the
     * figures the power checks share (a typical pod's IT power in this hall, and the whole request's).
     */
    Insufficient explain(Ask ask, HallState hall, Need need);

    /**
     * The reader's line for a reason this check reported ({@code hall: ...}), or null for the explainer's standard
     * GPU and power formats.
     */
    default String message(Ask ask, Insufficient reason, HallState hall) {
        return null;
    }
}
