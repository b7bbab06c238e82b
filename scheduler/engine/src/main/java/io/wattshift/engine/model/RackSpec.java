package io.wattshift.engine.model;

import java.util.Objects;

/**
 * A rack (PDU) in a hall. Old mining halls were built for low density: this limit often binds before the hall's.
 *
 * @param name    stable id, unique within the engine
 * @param limitKw IT power the rack's PDU may carry, kW (no cooling overhead: that is drawn from the hall feed)
 */
public record RackSpec(String name, double limitKw) {
    public RackSpec {
        Objects.requireNonNull(name, "name");
        Checks.positive(limitKw, "rack.limitKw");
    }
}
