package io.wattshift.api;

/** How the engine scores feasible placements. */
public enum PlacementStrategy {
  BinPack, Spread
}
