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
 */
public record MinerSpec(String id, String host, int port, double nameplateWatts, double joulesPerTerahash) {

    /** The default port of the cgminer / LuxOS API. */
    public static final int DEFAULT_PORT = 4028;

    public MinerSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("miner " + id + ": bad port " + port);
        if (!(nameplateWatts > 0)) throw new IllegalArgumentException("miner " + id + ": nameplate watts must be > 0");
        if (!(joulesPerTerahash > 0)) throw new IllegalArgumentException("miner " + id + ": J/TH must be > 0");
    }

    /** Hashrate at nameplate power, in TH/s (W / (J/TH) = TH/s). */
    public double nominalTerahashPerSecond() {
        return nameplateWatts / joulesPerTerahash;
    }
}
