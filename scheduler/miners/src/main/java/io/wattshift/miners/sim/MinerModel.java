package io.wattshift.miners.sim;

/**
 * A batch of identical simulated miners.
 *
 * @param idPrefix          miners are named {@code idPrefix-0000}, {@code idPrefix-0001}, ...; a batch of one is
 *                          named {@code idPrefix} itself
 * @param count             how many
 * @param nameplateWatts    power at full hashrate, W
 * @param joulesPerTerahash efficiency, J/TH
 * @param mining            whether they start mining (true) or asleep (false)
 */
public record MinerModel(String idPrefix, int count, double nameplateWatts, double joulesPerTerahash, boolean mining) {
}
