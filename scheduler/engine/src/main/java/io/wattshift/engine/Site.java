package io.wattshift.engine;

import io.wattshift.engine.model.Market;
import io.wattshift.engine.model.SiteSpec;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** A site's books: the sums over its halls (miner standby included) against the interconnect limit. */
final class Site {
    SiteSpec spec;
    /** This site's own market, or null: the engine's ({@link State#marketOf}). */
    Market market;
    final Set<Hall> halls = new LinkedHashSet<>();

    Site(SiteSpec spec) {
        this.spec = spec;
    }

    double effLimitKw(double reserve) {
        return spec.gridLimitKw() * (1 - reserve);
    }

    double aiKw() {
        return sum(h -> h.aiKw);
    }

    double permitKw() {
        return sum(h -> h.permitKw);
    }

    double leaseKw() {
        return sum(h -> h.leaseKw);
    }

    double countedKw() {
        return sum(h -> h.countedKw);
    }

    double standbyKw() {
        return sum(Hall::standbyKw);
    }

    /** Summed on demand: a site has a handful of halls, and sums kept apart could drift from the halls' books. */
    private double sum(ToDoubleFunction<Hall> column) {
        double s = 0;
        for (Hall h : halls) {
            s += column.applyAsDouble(h);
        }
        return s;
    }

    double admitFreeKw(double reserve, boolean curtail) {
        return effLimitKw(reserve) - aiKw() - permitKw() - standbyKw() - (curtail ? 0 : leaseKw());
    }

    boolean physicallyFits(double reserve, double feedKw) {
        return aiKw() + feedKw + countedKw() + standbyKw() <= effLimitKw(reserve) + Engine.EPS_KW;
    }

    /** Power over the interconnect with every promise and the miners' standby counted, kW. */
    double overKw(double reserve) {
        return aiKw() + permitKw() + leaseKw() + standbyKw() - effLimitKw(reserve);
    }
}
