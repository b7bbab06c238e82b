package io.wattshift.engine.economics;

import io.wattshift.engine.model.Market;
import io.wattshift.engine.model.MarketPolicy;
import io.wattshift.engine.model.MinerFleetSpec;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.PriceInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Does a megawatt pay for mining? One place for the figures: revenue = hashprice x 1000 / (24 x J/TH), less the
 * pool's fee; cost = the energy price x the hall's cooling overhead (the fans and pumps run for the miners too);
 * mining runs while revenue - cost >= the policy's margin.
 *
 * <p>Hysteresis is a band of {@link MarketPolicy#hysteresisUsdPerMwh()} around the margin: a stopped fleet starts
 * at margin + band, a running one stops below margin - band, and in between nothing changes. A lease in a losing
 * interval is cut at once whatever its age: no minimum lease time keeps miners running at a loss through a price
 * spike. What is known ahead is used both ways: a losing interval that starts within the miners' ramp-down is met
 * asleep, and a stopped fleet is woken only when the paying window ahead repays the energy its wake-up burns.
 */
public final class MiningEconomics {
    private MiningEconomics() {
    }

    /** Mining revenue per MWh the fleet draws, after the pool's fee, $/MWh. */
    public static double revenueUsdPerMwh(MinerFleetSpec fleet, double hashpriceUsdPerPhDay, MarketPolicy p) {
        return fleet.revenueUsdPerMwh(hashpriceUsdPerPhDay) * (1 - p.poolFee());
    }

    /** Revenue minus energy cost per MWh the miners draw at {@code energyUsdPerMwh}, $/MWh. */
    public static double profitUsdPerMwh(MinerFleetSpec fleet, double coolingOverhead, double energyUsdPerMwh,
                                         double hashpriceUsdPerPhDay, MarketPolicy p) {
        return revenueUsdPerMwh(fleet, hashpriceUsdPerPhDay, p) - energyUsdPerMwh * coolingOverhead;
    }

    /** The energy price at which mining earns nothing at all (margin 0), $/MWh. */
    public static double breakEvenUsdPerMwh(MinerFleetSpec fleet, double coolingOverhead, double hashpriceUsdPerPhDay,
                                            MarketPolicy p) {
        return revenueUsdPerMwh(fleet, hashpriceUsdPerPhDay, p) / coolingOverhead;
    }

    /**
     * The verdict for one hall's fleet at {@code now}.
     *
     * @param mining whether the hall holds a lease now
     */
    public static MiningVerdict verdict(MinerFleetSpec fleet, double coolingOverhead, Market market, Policy policy,
                                        Instant now, boolean mining) {
        MarketPolicy mp = policy.market();
        double margin = policy.miningMarginUsdPerMwh();
        double band = mp.hysteresisUsdPerMwh();
        double hash = market.hashpriceUsdPerPhDay();
        double energy = market.energyUsdPerMwh();
        double profit = profitUsdPerMwh(fleet, coolingOverhead, energy, hash, mp);
        if (!market.safe()) {
            return new MiningVerdict(MiningVerdict.Mode.HOLD, profit, "no new mining: " + market.unsafe());
        }
        if (profit < margin - band) {
            return new MiningVerdict(MiningVerdict.Mode.STOP, profit, String.format(Locale.ROOT,
                "mining earns %.1f $/MWh over an energy price of %.1f, below the %.1f margin", profit, energy, margin));
        }
        if (mining) {
            Instant soon = now.plus(mp.minerRampDown());
            for (PriceInterval next : market.ahead()) {
                if (next.start().isAfter(soon)) {
                    break;
                }
                double then = profitUsdPerMwh(fleet, coolingOverhead, next.usdPerMwh(), hash, mp);
                if (next.start().isAfter(now) && then < margin - band) {
                    return new MiningVerdict(MiningVerdict.Mode.STOP, profit, String.format(Locale.ROOT,
                        "energy at %.1f $/MWh from %s (mining would earn %.1f, below the %.1f margin): the miners "
                            + "take %d s to drop", next.usdPerMwh(), next.start(), then, margin,
                        mp.minerRampDown().toSeconds()));
                }
            }
            return profit >= margin
                ? new MiningVerdict(MiningVerdict.Mode.MINE, profit, earns(profit))
                : new MiningVerdict(MiningVerdict.Mode.HOLD, profit, earns(profit) + ", within the hysteresis band");
        }
        if (profit < margin + band) {
            return new MiningVerdict(MiningVerdict.Mode.HOLD, profit, String.format(Locale.ROOT,
                "mining would earn %.1f $/MWh, under the %.1f margin + %.1f band needed to start", profit, margin,
                band));
        }
        Duration paying = payingAhead(fleet, coolingOverhead, market, policy, now);
        if (paying != null) {
            double wake = mp.minerWakeUp().toMillis() / 1000.0;
            double earning = paying.toMillis() / 1000.0 - wake - mp.minerRampDown().toSeconds();
            double wakeCost = wake * energy * coolingOverhead;
            if (earning * profit <= wakeCost) {
                return new MiningVerdict(MiningVerdict.Mode.HOLD, profit, String.format(Locale.ROOT,
                    "a paying window of %d s does not repay the miners' %d s wake-up", paying.toSeconds(),
                    mp.minerWakeUp().toSeconds()));
            }
        }
        return new MiningVerdict(MiningVerdict.Mode.MINE, profit, earns(profit));
    }

    private static String earns(double profit) {
        return String.format(Locale.ROOT, "mining earns %.1f $/MWh over energy", profit);
    }

    /**
     * How long from {@code now} mining keeps paying by the known schedule (contiguous intervals whose profit
     * reaches the margin), or {@code null} when the schedule does not cover {@code now} (nothing known ahead).
     */
    static Duration payingAhead(MinerFleetSpec fleet, double coolingOverhead, Market market, Policy policy,
                                Instant now) {
        Instant end = null; // null until the interval holding now is found; then where paying ends
        for (PriceInterval p : market.ahead()) {
            if (end == null) {
                if (!p.contains(now)) {
                    continue;
                }
                end = now;
            } else if (p.start().isAfter(end)) {
                break; // a gap: nothing known beyond it
            }
            double profit = profitUsdPerMwh(fleet, coolingOverhead, p.usdPerMwh(), market.hashpriceUsdPerPhDay(),
                policy.market());
            if (profit < policy.miningMarginUsdPerMwh()) {
                break;
            }
            end = p.end();
        }
        return end == null ? null : Duration.between(now, end);
    }
}
