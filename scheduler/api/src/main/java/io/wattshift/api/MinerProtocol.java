package io.wattshift.api;

/** The API dialect a miner fleet speaks. */
public enum MinerProtocol {
  LuxOS, BraiinsOS
}
