package io.wattshift.miners.fleet;

import java.time.Instant;
import java.util.List;

/**
 * A consistent picture of a hall's fleet.
 *
 * @param hall           the hall
 * @param miners         every miner's view, in configuration order
 * @param committedWatts power the scheduler must count for mining (see {@link MinerView#committedWatts()}), W
 * @param reportedWatts  sum of the last readings of healthy miners, W
 * @param terahash       sum of reported hashrates, TH/s
 * @param at             when taken
 */
public record FleetSnapshot(String hall, List<MinerView> miners, double committedWatts, double reportedWatts,
                            double terahash, Instant at) {

    static FleetSnapshot of(String hall, List<MinerView> miners, Instant at) {
        double committed = 0, reported = 0, ths = 0;
        for (MinerView v : miners) {
            committed += v.committedWatts();
            if (v.healthy() && !Double.isNaN(v.reportedWatts())) reported += v.reportedWatts();
            if (v.healthy() && !Double.isNaN(v.terahash())) ths += v.terahash();
        }
        return new FleetSnapshot(hall, List.copyOf(miners), committed, reported, ths, at);
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
