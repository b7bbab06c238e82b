package io.wattshift.miners.fleet;

import io.wattshift.miners.MinerSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * How a hall's fleet is driven.
 *
 * @param curtailMargin  extra fraction curtailed beyond what AI asks for (0.05 = 5 %), against reading error
 * @param confirmTimeout how long to wait for miners to report the drop; after it, an unconfirmed miner stays
 *                       counted at nameplate
 * @param pollInterval   delay between power readings while confirming
 * @param asleepFraction a miner whose site declares no standby draw counts as asleep when it reports at most this
 *                       fraction of its nameplate (see {@link #asleepWatts})
 * @param minOffTime     a miner that went to sleep less than this ago is not woken again (protects the hardware
 *                       from cycling); curtailment ignores it
 */
public record FleetPolicy(double curtailMargin, Duration confirmTimeout, Duration pollInterval, double asleepFraction,
                          Duration minOffTime) {

    public FleetPolicy {
        Objects.requireNonNull(confirmTimeout);
        Objects.requireNonNull(pollInterval);
        Objects.requireNonNull(minOffTime);
        if (curtailMargin < 0 || curtailMargin > 1) throw new IllegalArgumentException("curtailMargin in [0,1]");
        if (asleepFraction <= 0 || asleepFraction >= 1) throw new IllegalArgumentException("asleepFraction in (0,1)");
    }

    /** 5 % margin, 10 s to confirm, 100 ms polls, asleep below 10 % of nameplate, 5 min minimum off time. */
    public static FleetPolicy defaults() {
        return new FleetPolicy(0.05, Duration.ofSeconds(10), Duration.ofMillis(100), 0.10, Duration.ofMinutes(5));
    }

    /**
     * The most {@code miner} may report and still count as asleep, W: its declared standby draw
     * ({@link MinerSpec#standbyWatts()}) when the site states one, else {@link #asleepFraction()} of its nameplate.
     * One threshold for both sides: the hall books this much per sleeping miner and the fleet confirms a miner asleep
     * only at or below it (a miner drawing more counts as awake, at nameplate), so every confirmed curtailment fits
     * the books.
     */
    public double asleepWatts(MinerSpec miner) {
        return asleepWatts(miner.nameplateWatts(), miner.standbyWatts());
    }

    /**
     * {@link #asleepWatts(MinerSpec)} from the figures alone (for the books, built before any miner is).
     *
     * @param standbyWatts the declared standby, W, or {@code NaN} ({@link MinerSpec#STANDBY_NOT_DECLARED})
     */
    public double asleepWatts(double nameplateWatts, double standbyWatts) {
        return Double.isNaN(standbyWatts) ? asleepFraction * nameplateWatts : standbyWatts;
    }

    public FleetPolicy withConfirmTimeout(Duration d) {
        return new FleetPolicy(curtailMargin, d, pollInterval, asleepFraction, minOffTime);
    }

    public FleetPolicy withMinOffTime(Duration d) {
        return new FleetPolicy(curtailMargin, confirmTimeout, pollInterval, asleepFraction, d);
    }
}
