package io.wattshift.sim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Each hall's fleet as one number: a drop takes 5-30 s (uniformly at random), a wake 60 s, and then the fleet
 * mines exactly its lease ({@code miningKw = target}); sleeping miners draw their standby. A later target never
 * cancels a drop already under way: every change settles at its own time, at the latest target.
 */
final class VirtualFleet implements FleetModel {
    private final SplittableRandom rnd;
    private final Map<Plant.HallP, Double> targets = new HashMap<>();

    VirtualFleet(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    static FleetModel.Factory factory() {
        return (List<Plant.HallP> halls, long seed) -> new VirtualFleet(seed);
    }

    @Override
    public long retarget(Plant.HallP hall, double kw, long t) {
        double before = targets.getOrDefault(hall, 0.0);
        targets.put(hall, kw);
        // drop: 5-30 s; a lower target the miners already meet (still waking): confirmed at once; wake: 60 s
        long delay = kw < hall.miningKw ? 5 + rnd.nextInt(26) : kw < before ? 1 : 60;
        return t + delay;
    }

    @Override
    public long curtail(Plant.HallP hall, double kw, double leaseKw, long t) {
        return retarget(hall, leaseKw, t);
    }

    @Override
    public long preset(Plant.HallP hall, double kw, long t) {
        targets.put(hall, kw);
        hall.miningKw = kw;
        return -1;
    }

    @Override
    public long settle(Plant.HallP hall, long t) {
        hall.miningKw = targets.getOrDefault(hall, 0.0);
        return -1;
    }

    @Override
    public boolean atLease(Plant.HallP hall) {
        return hall.miningKw <= targets.getOrDefault(hall, 0.0);
    }

    @Override
    public PolicyReport.MinerTraffic traffic() {
        return null;
    }

    @Override
    public void close() {
    }
}
