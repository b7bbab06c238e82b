package io.wattshift.engine.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the market says now, and what is known ahead: the figures every decision that spends a megawatt compares
 * (see {@code io.wattshift.engine.economics}).
 *
 * @param energyUsdPerMwh      energy price now, $/MWh
 * @param hashpriceUsdPerPhDay mining revenue, $ per PH/s per day, before the pool's fee
 * @param ahead                the known schedule from now on (day-ahead prices or a forecast), in time order;
 *                             empty when the feed gives none
 * @param unsafe               why the signal cannot be trusted (stale, missing, unparseable, absurd), or
 *                             {@code null}: an unsafe market grants no new mining and touches no AI
 */
public record Market(double energyUsdPerMwh, double hashpriceUsdPerPhDay, List<PriceInterval> ahead, String unsafe) {
    public Market {
        if (!Double.isFinite(energyUsdPerMwh)) {
            throw new IllegalArgumentException("energy price must be finite, got " + energyUsdPerMwh);
        }
        if (!(hashpriceUsdPerPhDay >= 0) || Double.isInfinite(hashpriceUsdPerPhDay)) {
            throw new IllegalArgumentException("hashprice must be >= 0 and finite, got " + hashpriceUsdPerPhDay);
        }
        ahead = List.copyOf(ahead);
        for (int i = 1; i < ahead.size(); i++) {
            if (ahead.get(i).start().isBefore(ahead.get(i - 1).start())) {
                throw new IllegalArgumentException("price schedule out of order at " + ahead.get(i).start());
            }
        }
    }

    /** A price and a hashprice, nothing known ahead, trusted. */
    public Market(double energyUsdPerMwh, double hashpriceUsdPerPhDay) {
        this(energyUsdPerMwh, hashpriceUsdPerPhDay, List.of(), null);
    }

    public boolean safe() {
        return unsafe == null;
    }

    /** The same figures, distrusted for {@code why} (the last good prices stay for the views). */
    public Market distrusted(String why) {
        return new Market(energyUsdPerMwh, hashpriceUsdPerPhDay, ahead, Objects.requireNonNull(why, "why"));
    }

    /** The price in force at {@code t}: the schedule's interval holding it, else the price now. */
    public double priceAt(Instant t) {
        for (PriceInterval p : ahead) {
            if (p.contains(t)) {
                return p.usdPerMwh();
            }
        }
        return energyUsdPerMwh;
    }
}
