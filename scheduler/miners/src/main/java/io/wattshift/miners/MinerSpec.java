package io.wattshift.miners;

import java.util.Objects;

/**
 * One ASIC miner as the site describes it.
 *
 * @param id                stable name, unique within a hall (e.g. {@code hall-a/rack3/s19-017})
 * @param host              address of the miner's API (the cgminer-style API listens on port 4028)
 * @param port              TCP port of the API
 * @param nameplateWatts    power drawn at full hashrate, in watts; the fail-safe figure when the miner is silent
 * @param joulesPerTerahash efficiency in J/TH; lower is cheaper to run
 * @param standbyWatts      the most the miner draws asleep as the site declares it, W, in [0, nameplate];
 *                          {@link #STANDBY_NOT_DECLARED} ({@code NaN}) when the site states none
 */
public record MinerSpec(String id, String host, int port, double nameplateWatts, double joulesPerTerahash,
                        double standbyWatts) {

    /** The default port of the cgminer / LuxOS API. */
    public static final int DEFAULT_PORT = 4028;

    /** {@link #standbyWatts()} of a miner whose site declares no standby figure. */
    public static final double STANDBY_NOT_DECLARED = Double.NaN;

    public MinerSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("miner " + id + ": bad port " + port);
        if (!(nameplateWatts > 0)) throw new IllegalArgumentException("miner " + id + ": nameplate watts must be > 0");
        if (!(joulesPerTerahash > 0)) throw new IllegalArgumentException("miner " + id + ": J/TH must be > 0");
        if (!Double.isNaN(standbyWatts) && !(standbyWatts >= 0 && standbyWatts <= nameplateWatts)) {
            throw new IllegalArgumentException("miner " + id + ": standby watts " + standbyWatts
                    + " must be between 0 and the nameplate " + nameplateWatts);
        }
    }

    /** A miner whose standby draw is not declared. */
    public MinerSpec(String id, String host, int port, double nameplateWatts, double joulesPerTerahash) {
        this(id, host, port, nameplateWatts, joulesPerTerahash, STANDBY_NOT_DECLARED);
    }

    /** Whether the site declared this miner's standby draw ({@link #standbyWatts()}). */
    public boolean standbyDeclared() {
        return !Double.isNaN(standbyWatts);
    }

    /** The same miner with a declared standby draw, W. */
    public MinerSpec withStandbyWatts(double watts) {
        return new MinerSpec(id, host, port, nameplateWatts, joulesPerTerahash, watts);
    }

    /** Hashrate at nameplate power, in TH/s (W / (J/TH) = TH/s). */
    public double nominalTerahashPerSecond() {
        return nameplateWatts / joulesPerTerahash;
    }
}
