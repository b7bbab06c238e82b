package io.wattshift.miners.fleet;

import io.wattshift.miners.MinerError;
import io.wattshift.miners.MinerSpec;
import java.time.Instant;

/**
 * The scheduler's view of one miner, replaced (never mutated) on every change.
 *
 * @param spec          the miner
 * @param mode          believed state
 * @param error         last exchange's error, {@code null} when the last exchange succeeded (healthy)
 * @param reportedWatts last power the miner reported, W ({@code NaN} before the first reading)
 * @param terahash      last hashrate reported, TH/s ({@code NaN} before the first reading)
 * @param modeSince     when {@link #mode} last changed
 */
public record MinerView(MinerSpec spec, MinerMode mode, MinerError error, double reportedWatts, double terahash,
                        Instant modeSince) {

    public boolean healthy() {
        return error == null;
    }

    /**
     * Power this miner must be assumed to draw, W: its reading when it is confirmed asleep and healthy, its
     * nameplate otherwise (fail safe: a silent, curtailing or unknown miner may be drawing full power). A miner is
     * only confirmed asleep by a reading at most {@link FleetPolicy#asleepWatts} (its declared standby, else a
     * fraction of nameplate), so an asleep miner's figure never exceeds what the hall books for it.
     */
    public double committedWatts() {
        if (mode == MinerMode.ASLEEP && healthy() && !Double.isNaN(reportedWatts)) return reportedWatts;
        return spec.nameplateWatts();
    }

    /**
     * Power this miner uses of a mining lease, W: nothing when it is healthy and confirmed asleep (its standby
     * draw, a few watts for the control board, is the hall's base load, not mining), otherwise
     * {@link #committedWatts()}.
     */
    public double leaseWatts() {
        return mode == MinerMode.ASLEEP && healthy() ? 0 : committedWatts();
    }

    MinerView withMode(MinerMode m, Instant now) {
        return m == mode ? this : new MinerView(spec, m, error, reportedWatts, terahash, now);
    }

    MinerView withError(MinerError e) {
        return new MinerView(spec, mode, e, reportedWatts, terahash, modeSince);
    }

    MinerView withReading(double watts, double ths) {
        return new MinerView(spec, mode, null, watts, ths, modeSince);
    }
}
