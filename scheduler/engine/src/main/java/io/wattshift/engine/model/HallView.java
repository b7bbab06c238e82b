package io.wattshift.engine.model;

/**
 * A hall's live headroom, for status fields, metrics and the mining controller. All power in kW at the feed.
 *
 * @param hall             name
 * @param limitKw          feed limit
 * @param reserveKw        held back by policy
 * @param aiKw             committed AI power (bound and assumed pods, with cooling overhead)
 * @param permitKw         reserved by gangs waiting for a curtailment to complete
 * @param miningLeaseKw    what mining may draw now
 * @param miningCountedKw  what the engine counts for mining (the old lease until a curtailment is confirmed)
 * @param miningStandbyKw  standby of the hall's miners, booked as base load whatever the lease
 * @param heatKw           heat load: AI IT power plus counted mining plus miner standby
 * @param coolingKw        cooling capacity at the current ambient
 * @param freeKw           feed power free for AI without curtailing
 * @param gpus             GPUs in the hall
 * @param freeGpus         GPUs not bound, assumed or reserved
 * @param mining           the market room's last word on the hall's mining: why it runs, holds or stopped
 *                         (empty before the first cycle or without miners)
 */
public record HallView(String hall, double limitKw, double reserveKw, double aiKw, double permitKw,
                       double miningLeaseKw, double miningCountedKw, double miningStandbyKw, double heatKw,
                       double coolingKw, double freeKw, int gpus, int freeGpus, String mining) {
}
