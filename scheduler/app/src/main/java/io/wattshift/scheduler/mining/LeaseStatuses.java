package io.wattshift.scheduler.mining;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.wattshift.api.LeaseState;
import io.wattshift.api.MiningLease;
import io.wattshift.api.MiningLeaseSpec;
import io.wattshift.api.MiningLeaseStatus;
import io.wattshift.miners.fleet.FleetSnapshot;
import io.wattshift.miners.fleet.MinerView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Pure functions from a hall's fleet to its MiningLease object. */
final class LeaseStatuses {

    private LeaseStatuses() {
    }

    static String leaseName(String hall) {
        return "mining-" + hall;
    }

    /** A lease object for {@code hall} with the given spec, keeping {@code previous}'s status when there is one. */
    static MiningLease lease(String hall, double kw, List<String> miners, String reason, MiningLease previous) {
        MiningLease l = new MiningLease();
        l.setMetadata(new ObjectMetaBuilder().withName(leaseName(hall)).build());
        MiningLeaseSpec spec = new MiningLeaseSpec();
        spec.setHall(hall);
        spec.setKilowatts(kw);
        spec.setMiners(new ArrayList<>(miners));
        spec.setReason(reason);
        l.setSpec(spec);
        l.setStatus(previous == null ? new MiningLeaseStatus() : previous.getStatus());
        return l;
    }

    /**
     * The status for a lease in {@code state} given the fleet now: power as committed (unhealthy miners at
     * nameplate), reported hashrate, and revenue per hour at {@code hashpriceUsdPerPhDay}. {@code since} is kept
     * while the state does not change.
     */
    static MiningLeaseStatus status(MiningLeaseStatus previous, LeaseState state, FleetSnapshot fleet,
                                    double hashpriceUsdPerPhDay, Instant now) {
        MiningLeaseStatus s = new MiningLeaseStatus();
        boolean same = previous != null && previous.getState() == state && previous.getSince() != null;
        s.setState(state);
        s.setSince(same ? previous.getSince() : now.toString());
        s.setKilowatts(round(fleet.committedWatts() / 1000));
        s.setHashrateTerahash(round(fleet.terahash()));
        s.setEstimatedRevenueUsdPerHour(round(revenueUsdPerHour(fleet.terahash(), hashpriceUsdPerPhDay)));
        s.setActiveMiners(new ArrayList<>(fleet.awakeIds()));
        s.setUnhealthyMiners(fleet.miners().stream().filter(v -> !v.healthy()).map(MinerView::spec)
                .map(m -> m.id()).toList());
        return s;
    }

    /** TH/s x $/PH/day -> $/h (1 PH = 1000 TH, 24 h a day). */
    static double revenueUsdPerHour(double terahashPerSecond, double hashpriceUsdPerPhDay) {
        return terahashPerSecond / 1000 * hashpriceUsdPerPhDay / 24;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
