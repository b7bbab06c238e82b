package io.wattshift.engine.model;

import java.util.Objects;

/**
 * A site: one grid interconnect shared by its halls.
 *
 * @param name        stable id
 * @param gridLimitKw interconnect limit in kW; committed AI + mining + reserve never exceed it
 */
public record SiteSpec(String name, double gridLimitKw) {
    public SiteSpec {
        Objects.requireNonNull(name, "name");
        Checks.positive(gridLimitKw, "gridLimitKw");
    }
}
