package io.wattshift.engine;

import io.wattshift.engine.economics.MiningEconomics;
import io.wattshift.engine.economics.MiningVerdict;
import io.wattshift.engine.model.MinerFleetSpec;
import io.wattshift.engine.model.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mining leases per hall: curtailments that make room for AI (AI always wins), grants of idle power when mining
 * pays and releases the moment it stops paying, as the market room ({@link MiningEconomics}) judges it, with a
 * minimum off time and a minimum grant step against churn.
 */
final class Mining {
    /** Fleet power within this of the lease counts as a confirmed curtailment, kW. */
    static final double CONFIRM_TOLERANCE_KW = 1.0;

    private final State s;

    Mining(State s) {
        this.s = s;
    }

    /**
     * After {@code job}'s pods were reserved counting mining as available: cut leases where the promises now
     * exceed a hall's feed or cooling, then the site's interconnect (taking from the job's halls first).
     */
    void curtailFor(Job job, Instant now, List<Decision> out) {
        double reserve = s.reserve();
        Map<Hall, Double> cuts = new LinkedHashMap<>();
        for (Pod pod : job.pods) {
            if (pod.state != Pod.State.PERMIT) {
                continue;
            }
            Hall h = pod.node.hall;
            if (cuts.containsKey(h)) {
                continue;
            }
            cuts.put(h, Math.min(h.leaseKw, Math.max(0, Math.max(h.feedOverKw(reserve), h.heatOverKw()))));
        }
        for (Map.Entry<Hall, Double> e : cuts.entrySet()) {
            cut(e.getKey(), e.getValue(), job.key(), now, out);
        }
        for (Site site : s.books.sites.values()) {
            double over = site.overKw(reserve);
            if (over <= Engine.EPS_KW) {
                continue;
            }
            List<Hall> order = new ArrayList<>(site.halls);
            order.sort(Comparator.comparing((Hall h) -> !cuts.containsKey(h)).thenComparing(h -> -h.leaseKw));
            for (Hall h : order) {
                double take = Math.min(h.leaseKw, over);
                cut(h, take, job.key(), now, out);
                over -= take;
                if (over <= Engine.EPS_KW) {
                    break;
                }
            }
        }
    }

    /** Lower a hall's lease by {@code kw}; mining is counted at the old figure until the cut is confirmed. */
    void cut(Hall h, double kw, String forJob, Instant now, List<Decision> out) {
        if (kw <= Engine.EPS_KW) {
            return;
        }
        h.countedKw = Math.max(h.countedKw, h.leaseKw);
        h.leaseKw = Math.max(0, h.leaseKw - kw);
        h.leaseAdopted = false;
        h.curtailIssuedAt = now;
        out.add(new Decision.CurtailMining(h.name(), kw, h.leaseKw, forJob));
    }

    void confirmed(Hall h) {
        h.countedKw = h.leaseKw;
        h.curtailIssuedAt = null; // nothing in flight any more
        s.capacityFreed = true;
    }

    /**
     * A measurement of the fleet, standby included: at or under the lease plus the fleet's standby confirms the
     * lease; over it, what the fleet draws beyond the standby (booked apart as base load) is counted as mining.
     */
    void report(Hall h, double actualKw) {
        double before = h.countedKw;
        double standby = h.standbyKw();
        if (actualKw <= h.leaseKw + standby + CONFIRM_TOLERANCE_KW) {
            if (h.leaseAdopted) {
                // found mining that then drops (e.g. the new leader's fleet controller puts it to sleep, no lease
                // being stored) holds no power the fleet no longer draws; an engine-granted lease keeps its figure
                // (its miners may still be waking)
                h.leaseKw = Math.min(h.leaseKw, Math.max(0, actualKw - standby));
            }
            h.countedKw = h.leaseKw;
            h.curtailIssuedAt = null; // a cut or release in flight is done
        } else if (h.curtailIssuedAt == null) {
            adopt(h, actualKw - standby);
        } else {
            h.countedKw = actualKw - standby;
        }
        if (h.countedKw < before) {
            s.capacityFreed = true;
        }
    }

    /**
     * Mining this engine neither granted nor is cutting: a lease inherited from a previous leader (on failover the
     * fleet controller brings the miners back to the stored MiningLease while this engine has granted nothing) or
     * miners woken by hand. It becomes the hall's lease, counted as drawn as before, so that an AI job or a limit
     * can have it curtailed and the economics can release it (after the minimum lease time, from now). Before, it
     * sat in the books as a cut nobody had issued: nothing curtailed it, nothing re-issued it, no grant followed,
     * and a job needing that power waited for ever.
     */
    private void adopt(Hall h, double miningKw) {
        if (h.leaseKw <= Engine.EPS_KW) {
            h.leaseSince = s.clock.instant();
        }
        h.leaseKw = miningKw;
        h.leaseAdopted = true;
        h.countedKw = miningKw;
    }

    /** Curtailments not confirmed within the policy's timeout are issued again. */
    void reissue(Instant now, List<Decision> out) {
        for (Hall h : s.books.halls.values()) {
            if (h.countedKw > h.leaseKw + CONFIRM_TOLERANCE_KW && h.curtailIssuedAt != null
                && !h.curtailIssuedAt.plus(s.policy.curtailTimeout()).isAfter(now)) {
                h.curtailIssuedAt = now;
                out.add(new Decision.CurtailMining(h.name(), h.countedKw - h.leaseKw, h.leaseKw, null));
            }
        }
    }

    /**
     * A hall whose fleet is gone (removed, or hidden by the adapter) can draw no mining power: its lease is released
     * and its books cleared at once, an unconfirmed cut included, so views and admission stop counting kW that no
     * miner can draw. Idempotent: a hall with nothing leased or counted is left alone.
     */
    private void releaseEmpty(Hall h, Instant now, List<Decision> out) {
        if (h.leaseKw <= 0 && h.countedKw <= 0) {
            return;
        }
        if (h.leaseKw > 0) {
            out.add(new Decision.MiningLease(h.name(), 0, "released: the hall has no miners"));
            h.offSince = now;
        }
        h.leaseKw = 0;
        h.leaseAdopted = false;
        h.countedKw = 0;
        h.curtailIssuedAt = null;
        s.capacityFreed = true;
    }

    /** Grant idle power to mining where it pays, release it where it does not; an empty fleet holds nothing. */
    void plan(Instant now, List<Decision> out) {
        Policy p = s.policy;
        double reserve = s.reserve();
        for (Hall h : s.books.halls.values()) {
            MinerFleetSpec fleet = h.spec.miners();
            if (fleet.count() == 0) {
                releaseEmpty(h, now, out);
                continue;
            }
            MiningVerdict verdict = MiningEconomics.verdict(fleet, h.spec.coolingOverhead(), s.marketOf(h.site), p,
                now, h.leaseKw > 0);
            h.verdict = verdict;
            if (verdict.mode() == MiningVerdict.Mode.STOP) {
                if (h.leaseKw > 0) {
                    h.countedKw = Math.max(h.countedKw, h.leaseKw);
                    h.leaseKw = 0;
                    h.leaseAdopted = false;
                    h.offSince = now;
                    h.curtailIssuedAt = now;
                    out.add(new Decision.MiningLease(h.name(), 0, "released: " + verdict.reason()));
                }
                continue;
            }
            if (verdict.mode() == MiningVerdict.Mode.HOLD) {
                continue;
            }
            double profit = verdict.profitUsdPerMwh();
            if (h.leaseKw == 0 && h.offSince != null && h.offSince.plus(p.miningMinOff()).isAfter(now)) {
                continue;
            }
            if (h.countedKw > h.leaseKw + CONFIRM_TOLERANCE_KW) {
                continue; // a cut is still in flight: no new grant until the fleet confirms it
            }
            Site site = h.site;
            // the standby of every fleet (this one's included) is base load: a grant never takes its room
            double siteRoom = site.effLimitKw(reserve) - site.aiKw() - site.permitKw() - site.standbyKw()
                - (site.leaseKw() - h.leaseKw);
            double target = Math.min(Math.min(fleet.maxKw(), h.admitFreeKw(reserve, true)),
                Math.min(h.admitHeatFreeKw(true), siteRoom));
            target = Math.floor(Math.max(0, target) * 1000) / 1000;
            // Growing a running lease waits for a worthwhile step; switching on is governed by the off time.
            boolean grow = h.leaseKw > 0 ? target - h.leaseKw >= Math.max(p.miningStepKw(), Engine.EPS_KW)
                : target > Engine.EPS_KW;
            if (grow) {
                if (h.leaseKw == 0) {
                    h.leaseSince = now;
                }
                h.leaseKw = target;
                h.leaseAdopted = false;
                h.countedKw = Math.max(h.countedKw, target);
                out.add(new Decision.MiningLease(h.name(), target, String.format(
                    "granted: %.1f kW idle, mining earns %.1f $/MWh over energy", target, profit)));
            }
        }
    }
}
