package io.wattshift.miners.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which miners to run and which to stop: pure functions over miner views, no I/O. */
public final class MinerSelection {

    /** Cheapest to run first: best (lowest) J/TH, then id for a stable order. */
    static final Comparator<MinerView> BEST_FIRST = Comparator
            .comparingDouble((MinerView v) -> v.spec().joulesPerTerahash()).thenComparing(v -> v.spec().id());

    private MinerSelection() {
    }

    /**
     * The miners that should be awake for a lease of {@code targetWatts}: best J/TH first, each added at its
     * nameplate while the fleet's lease power ({@link MinerView#leaseWatts()}) stays within the target. Miners that
     * cannot be woken (unhealthy, or asleep for less than {@code minOffTime}) are not chosen, and what they may draw
     * is charged first, so the result never uses more than the target.
     */
    public static Set<String> awakeSet(Collection<MinerView> miners, double targetWatts, Duration minOffTime, Instant now) {
        double budget = targetWatts;
        List<MinerView> candidates = new ArrayList<>();
        for (MinerView v : miners) {
            if (wakeable(v, minOffTime, now)) candidates.add(v);
            else budget -= v.leaseWatts();
        }
        candidates.sort(BEST_FIRST);
        Set<String> awake = new LinkedHashSet<>();
        for (MinerView v : candidates) {
            if (v.spec().nameplateWatts() <= budget + 1e-9) {
                awake.add(v.spec().id());
                budget -= v.spec().nameplateWatts();
            }
        }
        return awake;
    }

    /**
     * The miners to put to sleep to free {@code wattsNeeded} (plus the margin): worst J/TH first among the healthy
     * miners that draw power, then, if that is not enough, the unhealthy ones (a command may still reach them).
     */
    public static List<MinerView> toCurtail(Collection<MinerView> miners, double wattsNeeded, double margin) {
        double goal = wattsNeeded * (1 + margin);
        List<MinerView> running = new ArrayList<>();
        for (MinerView v : miners) {
            if (v.mode() == MinerMode.AWAKE || v.mode() == MinerMode.UNKNOWN) running.add(v);
        }
        running.sort(Comparator.comparing((MinerView v) -> !v.healthy()).thenComparing(BEST_FIRST.reversed()));
        List<MinerView> chosen = new ArrayList<>();
        double freed = 0;
        for (MinerView v : running) {
            if (freed >= goal) break;
            chosen.add(v);
            freed += v.spec().nameplateWatts();
        }
        return chosen;
    }

    private static boolean wakeable(MinerView v, Duration minOffTime, Instant now) {
        if (!v.healthy()) return false;
        if (v.mode() == MinerMode.AWAKE || v.mode() == MinerMode.UNKNOWN) return true;
        return !v.modeSince().plus(minOffTime).isAfter(now);
    }
}
