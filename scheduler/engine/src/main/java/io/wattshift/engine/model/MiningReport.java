package io.wattshift.engine.model;

import java.time.Instant;

/**
 * What a hall's miner fleet draws, as its adapter measured it.
 *
 * @param hall     hall name
 * @param actualKw measured fleet power, kW
 * @param at       measurement time
 */
public record MiningReport(String hall, double actualKw, Instant at) {
}
