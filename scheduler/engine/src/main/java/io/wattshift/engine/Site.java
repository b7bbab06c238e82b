package io.wattshift.engine;

import io.wattshift.engine.model.SiteSpec;
import java.util.LinkedHashSet;
import java.util.Set;

/** A site's books: the sums over its halls against the interconnect limit. */
final class Site {
    SiteSpec spec;
    final Set<Hall> halls = new LinkedHashSet<>();

    Site(SiteSpec spec) {
        this.spec = spec;
    }

    double effLimitKw(double reserve) {
        return spec.gridLimitKw() * (1 - reserve);
    }

    double aiKw() {
        double s = 0;
        for (Hall h : halls) {
            s += h.aiKw;
        }
        return s;
    }

    double permitKw() {
        double s = 0;
        for (Hall h : halls) {
            s += h.permitKw;
        }
        return s;
    }

    double leaseKw() {
        double s = 0;
        for (Hall h : halls) {
            s += h.leaseKw;
        }
        return s;
    }

    double countedKw() {
        double s = 0;
        for (Hall h : halls) {
            s += h.countedKw;
        }
        return s;
    }

    double admitFreeKw(double reserve, boolean curtail) {
        return effLimitKw(reserve) - aiKw() - permitKw() - (curtail ? 0 : leaseKw());
    }

    boolean physicallyFits(double reserve, double feedKw) {
        return aiKw() + feedKw + countedKw() <= effLimitKw(reserve) + Engine.EPS_KW;
    }
}
