package io.wattshift.engine.model;

import java.util.List;

/**
 * Why a job does not fit in one hall, with a message a tenant can read, e.g.
 * {@code hall-b: needs 46.2 kW, 12.0 kW free of 2000 kW (rack b-07 at limit)}.
 *
 * @param hall    hall name (or the site / tenant name when the shortage is not a hall's)
 * @param short_  the resources short there, most binding first
 * @param message the readable line
 */
public record HallReason(String hall, List<Insufficient> short_, String message) {
    public HallReason {
        short_ = List.copyOf(short_);
    }
}
