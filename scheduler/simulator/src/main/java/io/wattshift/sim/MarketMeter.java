package io.wattshift.sim;

import io.wattshift.engine.Engine;
import io.wattshift.engine.economics.AiEconomics;
import io.wattshift.engine.economics.MiningEconomics;
import io.wattshift.engine.model.HallView;
import io.wattshift.engine.model.MinerFleetSpec;
import io.wattshift.engine.model.Policy;
import java.util.HashMap;
import java.util.Map;

/**
 * What the market made of a run, beside the {@link Meter}'s money: mining in intervals that lose money, AI energy
 * bought above what the work earns, work lost to caps and price suspensions, and the hindsight oracle.
 *
 * <p><b>The oracle</b> is an upper bound on the same site and trace: AI exactly as this run placed it, and mining
 * exactly in the intervals where it earns more than its energy costs, on all the room the engine's own books leave
 * for it at each moment (feed, cooling and interconnect after AI, reserve and standby), paying each wake-up's energy
 * and earning nothing while the miners come up (the same ramp the fleets have). It knows the future, so it never
 * mines a second at a loss and never holds back for hysteresis or margin.
 */
final class MarketMeter {
    private final Plant plant;
    private final Engine engine;
    private final Map<String, MinerFleetSpec> fleets = new HashMap<>();
    private final Map<String, Boolean> oracleMining = new HashMap<>();
    private final double siteLimitKw;
    private long last;

    double minedAtLossMwh;
    double aiAboveValueMwh;
    double gpuHoursLostToCaps;
    double gpuHoursLostToSuspensions;
    int suspensions;
    int resumes;
    double oracleMiningRevenueUsd;
    double oracleMiningCostUsd;
    double oracleMiningMwh;

    MarketMeter(SiteConfig site, Plant plant, Engine engine) {
        this.plant = plant;
        this.engine = engine;
        this.siteLimitKw = site.site().gridKw();
        for (SiteConfig.HallConfig h : site.halls()) {
            fleets.put(h.name(), SiteModel.fleet(h));
        }
    }

    /**
     * Account for [last, now) at {@code price} and {@code hashprice}.
     *
     * @param cappedAwayGpus GPUs' worth of speed the running jobs lose to their caps (sum of gpus x (1 - speed))
     * @param withMiners     whether this run's site has miners (the oracle is measured on runs that have)
     */
    void advance(long now, double price, double hashprice, double cappedAwayGpus, boolean withMiners) {
        long dt = now - last;
        if (dt <= 0) {
            return;
        }
        double hours = dt / 3600.0;
        Policy policy = engine.policy();
        gpuHoursLostToCaps += cappedAwayGpus * hours;
        for (Plant.HallP h : plant.halls) {
            SiteConfig.HallConfig c = h.config;
            MinerFleetSpec fleet = fleets.get(c.name());
            if (MiningEconomics.profitUsdPerMwh(fleet, c.coolingOverhead(), price, hashprice, policy.market()) < 0) {
                minedAtLossMwh += h.miningKw * hours / 1000;
            }
            double value = policy.market().aiUsdPerGpuHour(0);
            double suspendAt = AiEconomics.suspendPriceUsdPerMwh(value, c.gpu().maxW(),
                c.hostOverheadW() / c.gpu().perNode(), c.coolingOverhead());
            if (price > suspendAt) {
                aiAboveValueMwh += h.drawW / 1000 * c.coolingOverhead() * hours / 1000;
            }
        }
        if (withMiners) {
            oracle(price, hashprice, policy, dt);
        }
        last = now;
    }

    /** The oracle's mining over {@code dt} seconds on the room the engine's books leave now. */
    private void oracle(double price, double hashprice, Policy policy, long dt) {
        double reserve = policy.reserveFraction();
        Map<String, HallView> views = new HashMap<>();
        double siteRoom = siteLimitKw * (1 - reserve);
        for (HallView v : engine.halls()) {
            views.put(v.hall(), v);
            siteRoom -= v.aiKw() + v.permitKw() + v.miningStandbyKw();
        }
        double wake = policy.market().minerWakeUp().toSeconds();
        for (Plant.HallP h : plant.halls) {
            SiteConfig.HallConfig c = h.config;
            MinerFleetSpec fleet = fleets.get(c.name());
            HallView v = views.get(c.name());
            double room = Math.min(fleet.maxKw(), Math.min(v.freeKw() + v.miningCountedKw(),
                v.coolingKw() - v.heatKw() + v.miningCountedKw()));
            room = Math.max(0, Math.min(room, siteRoom));
            double revenue = MiningEconomics.revenueUsdPerMwh(fleet, hashprice, policy.market());
            double cost = price * c.coolingOverhead();
            boolean pays = room > 0 && revenue > cost;
            double asleep = fleet.maxKw() == 0 ? 0 : fleet.standbyKw() * (1 - (pays ? room : 0) / fleet.maxKw());
            oracleMiningMwh += asleep * dt / 3600.0 / 1000; // sleeping miners' standby: drawn, earning nothing
            oracleMiningCostUsd += asleep * dt / 3600.0 / 1000 * cost;
            if (!pays) {
                oracleMining.put(c.name(), false);
                continue;
            }
            siteRoom -= room;
            double earning = dt;
            if (!oracleMining.getOrDefault(c.name(), false)) {
                earning = Math.max(0, dt - wake); // waking: drawing, not hashing
                oracleMining.put(c.name(), true);
            }
            oracleMiningMwh += room * dt / 3600.0 / 1000;
            oracleMiningCostUsd += room * dt / 3600.0 / 1000 * cost;
            oracleMiningRevenueUsd += room * earning / 3600.0 / 1000 * revenue;
        }
    }
}
