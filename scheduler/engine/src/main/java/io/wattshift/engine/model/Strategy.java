package io.wattshift.engine.model;

/** Where pods go among feasible nodes. */
public enum Strategy {
    /** Fill the fullest feasible racks and nodes first (keeps whole nodes free for gangs). */
    BINPACK,
    /** Prefer the emptiest racks and nodes (spreads heat). */
    SPREAD
}
