package io.wattshift.engine.model;

import java.time.Instant;

/**
 * What a hall's miner fleet draws, as its adapter measured it.
 *
 * @param hall     hall name
 * @param actualKw measured fleet power, kW, <em>standby of sleeping miners included</em> (every miner not
 *                 confirmed asleep at nameplate): the engine compares it with the lease plus the fleet's standby
 * @param at       measurement time
 */
public record MiningReport(String hall, double actualKw, Instant at) {
}
