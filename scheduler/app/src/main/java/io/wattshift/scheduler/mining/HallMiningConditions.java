package io.wattshift.scheduler.mining;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.wattshift.api.Hall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The mining side's conditions on a Hall's status (the scheduling loop writes the rest of that status and keeps
 * these): {@code MinersUnavailable} (True with the reason while the Hall declares miners but no fleet could be built;
 * the engine is given a fleet for the hall only while it is False, see {@link #live}) and {@code MiningDecisionFailed} (True
 * while the last mining decision for the hall failed). Pure functions; the writer is the caller's.
 */
public final class HallMiningConditions {

    /** True while the hall's miners are declared but cannot be commanded. */
    public static final String MINERS_UNAVAILABLE = "MinersUnavailable";
    /** True while the last engine mining decision for the hall failed. */
    public static final String DECISION_FAILED = "MiningDecisionFailed";

    private HallMiningConditions() {
    }

    /**
     * Whether the mining side has said it commands the Hall's miners ({@code MinersUnavailable=False}). Until it
     * has (no condition yet: the fleet is not built, or no mining side runs) and while it says True, no mining may
     * be leased there: a lease is offered only to a live fleet.
     */
    public static boolean live(Hall hall) {
        return hall.getStatus() != null && hall.getStatus().getConditions() != null
                && hall.getStatus().getConditions().stream()
                        .anyMatch(c -> MINERS_UNAVAILABLE.equals(c.getType()) && "False".equals(c.getStatus()));
    }

    /**
     * The conditions {@code previous} should become: the one of {@code type} set to {@code status} / {@code reason}
     * / {@code message}, its transition time kept unless the status changes, every other condition as it was.
     */
    public static List<Condition> with(List<Condition> previous, Hall hall, String type, boolean status, String reason,
                                       String message, Instant now) {
        List<Condition> out = new ArrayList<>();
        String s = status ? "True" : "False";
        String since = now.toString();
        for (Condition c : previous == null ? List.<Condition>of() : previous) {
            if (type.equals(c.getType())) {
                if (s.equals(c.getStatus()) && c.getLastTransitionTime() != null) since = c.getLastTransitionTime();
            } else {
                out.add(c);
            }
        }
        out.add(new ConditionBuilder().withType(type).withStatus(s).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).withObservedGeneration(hall.getMetadata().getGeneration()).build());
        return out;
    }

    /** Whether the Hall already carries this condition (status, reason and message). */
    public static boolean has(Hall hall, String type, boolean status, String reason, String message) {
        if (hall.getStatus() == null || hall.getStatus().getConditions() == null) return false;
        return hall.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType())
                && (status ? "True" : "False").equals(c.getStatus()) && Objects.equals(reason, c.getReason())
                && Objects.equals(message, c.getMessage()));
    }
}
