package io.wattshift.miners.fleet;

import java.time.Instant;
import java.util.List;

/**
 * A consistent picture of a hall's fleet.
 *
 * @param hall           the hall
 * @param miners         every miner's view, in configuration order
 * @param committedWatts power the fleet must be assumed to draw, standby included (see
 *                       {@link MinerView#committedWatts()}), W: what physical limits are checked against
 * @param leaseWatts     power the fleet uses of its mining lease (see {@link MinerView#leaseWatts()}), W: what the
 *                       engine's lease books compare with the lease
 * @param reportedWatts  sum of the last readings of healthy miners, W
 * @param terahash       sum of reported hashrates, TH/s
 * @param at             when taken
 */
public record FleetSnapshot(String hall, List<MinerView> miners, double committedWatts, double leaseWatts,
                            double reportedWatts, double terahash, Instant at) {

    static FleetSnapshot of(String hall, List<MinerView> miners, Instant at) {
        double committed = 0, lease = 0, reported = 0, ths = 0;
        for (MinerView v : miners) {
            committed += v.committedWatts();
            lease += v.leaseWatts();
            if (v.healthy() && !Double.isNaN(v.reportedWatts())) reported += v.reportedWatts();
            if (v.healthy() && !Double.isNaN(v.terahash())) ths += v.terahash();
        }
        return new FleetSnapshot(hall, List.copyOf(miners), committed, lease, reported, ths, at);
    }

    public long count(MinerMode mode) {
        return miners.stream().filter(v -> v.mode() == mode).count();
    }

    public long unhealthy() {
        return miners.stream().filter(v -> !v.healthy()).count();
    }

    /** Ids of miners that are awake or told to be. */
    public List<String> awakeIds() {
        return miners.stream().filter(v -> v.mode() == MinerMode.AWAKE).map(v -> v.spec().id()).toList();
    }
}
