package io.wattshift.engine.model;

/** How close a job's pods must be. */
public enum Topology {
    ANY,
    SAME_HALL,
    SAME_RACK
}
