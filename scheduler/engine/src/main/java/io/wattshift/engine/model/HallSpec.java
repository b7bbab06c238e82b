package io.wattshift.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * A hall (building or container) of a site.
 *
 * @param name            stable id
 * @param site            the site whose interconnect feeds it
 * @param feedKw          power feed limit, kW
 * @param cooling         heat rejection capacity and its ambient derating
 * @param coolingOverhead factor applied to AI IT power for the feed (1.15 = 15% for fans, pumps, chillers)
 * @param racks           the hall's racks with their kW limits
 * @param miners          the hall's ASIC fleet ({@link MinerFleetSpec#NONE} if none)
 */
public record HallSpec(String name, String site, double feedKw, CoolingSpec cooling, double coolingOverhead,
                       List<RackSpec> racks, MinerFleetSpec miners) {
    public HallSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(site, "site");
        Checks.positive(feedKw, "feedKw");
        Objects.requireNonNull(cooling, "cooling");
        if (!(coolingOverhead >= 1)) {
            throw new IllegalArgumentException("coolingOverhead must be >= 1, got " + coolingOverhead);
        }
        racks = List.copyOf(racks);
        miners = miners == null ? MinerFleetSpec.NONE : miners;
    }
}
