package io.wattshift.miners;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one read or command against one miner.
 *
 * @param minerId           the miner
 * @param powerWatts        power the miner reported, in watts; {@code NaN} when it reported none (commands, errors)
 * @param terahashPerSecond hashrate the miner reported (5 s average), in TH/s; {@code NaN} when none
 * @param error             why the exchange failed, or {@code null} when it succeeded
 * @param at                when the exchange finished
 */
public record MinerStatus(String minerId, double powerWatts, double terahashPerSecond, MinerError error, Instant at) {

    public MinerStatus {
        Objects.requireNonNull(minerId, "minerId");
        Objects.requireNonNull(at, "at");
    }

    public static MinerStatus ok(String minerId, Instant at) {
        return new MinerStatus(minerId, Double.NaN, Double.NaN, null, at);
    }

    public static MinerStatus reading(String minerId, double watts, double ths, Instant at) {
        return new MinerStatus(minerId, watts, ths, null, at);
    }

    public static MinerStatus failed(String minerId, MinerError error, Instant at) {
        return new MinerStatus(minerId, Double.NaN, Double.NaN, Objects.requireNonNull(error), at);
    }

    public boolean healthy() {
        return error == null;
    }

    public boolean hasPower() {
        return healthy() && !Double.isNaN(powerWatts);
    }
}
