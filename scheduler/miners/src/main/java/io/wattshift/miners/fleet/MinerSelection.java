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
     * The miners that should be awake for a lease of {@code targetWatts}, such that the fleet's lease power
     * ({@link MinerView#leaseWatts()}) ends within the target and no step adds power the target does not cover
     * while it is under way. A miner told to sleep draws (and is counted at nameplate) until it is confirmed asleep,
     * so a sleeping miner is woken only in a step that puts none to sleep: the miners already drawing (running, or
     * still confirming a sleep, which costs nothing more to keep) are kept best J/TH first while they fit, the rest
     * go (or keep going) to sleep; only when every one of them is kept are sleeping miners woken, best J/TH first,
     * within what is left. Miners that cannot be woken (unhealthy, or asleep for less than {@code minOffTime}) are
     * charged first. Keeping running miners also spares the hardware needless cycles; the price is that a better
     * sleeping miner never replaces a worse running one while the lease holds.
     */
    public static Set<String> awakeSet(Collection<MinerView> miners, double targetWatts, Duration minOffTime, Instant now) {
        double budget = targetWatts;
        List<MinerView> drawing = new ArrayList<>();
        List<MinerView> sleepers = new ArrayList<>();
        for (MinerView v : miners) {
            boolean keepable = v.healthy() && (isRunning(v)
                    || v.mode() == MinerMode.CURTAILING && wakeable(v, minOffTime, now));
            if (keepable) drawing.add(v);
            else {
                budget -= v.leaseWatts();
                if (wakeable(v, minOffTime, now)) sleepers.add(v);
            }
        }
        drawing.sort(BEST_FIRST);
        Set<String> awake = new LinkedHashSet<>();
        for (MinerView v : drawing) {
            if (v.spec().nameplateWatts() <= budget + 1e-9) {
                awake.add(v.spec().id());
                budget -= v.spec().nameplateWatts();
            }
        }
        if (awake.size() < drawing.size()) return awake; // some go to sleep: wake nobody until they have
        sleepers.sort(BEST_FIRST);
        for (MinerView v : sleepers) {
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
            if (isRunning(v)) running.add(v);
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

    /** Drawing power as far as we know: mining, or not yet read. */
    private static boolean isRunning(MinerView v) {
        return v.mode() == MinerMode.AWAKE || v.mode() == MinerMode.UNKNOWN;
    }

    /** A healthy miner that is not running, asleep (or still confirming a sleep) for at least the minimum off time. */
    private static boolean wakeable(MinerView v, Duration minOffTime, Instant now) {
        return v.healthy() && !isRunning(v) && !v.modeSince().plus(minOffTime).isAfter(now);
    }
}
