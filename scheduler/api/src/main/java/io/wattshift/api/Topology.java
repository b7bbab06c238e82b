package io.wattshift.api;

/** How close together a job's pods must be placed. */
public enum Topology {
  Any, SameHall, SameRack
}
