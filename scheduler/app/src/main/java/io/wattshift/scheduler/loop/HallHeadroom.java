package io.wattshift.scheduler.loop;

/**
 * Live headroom of one hall, in kW at the feed.
 *
 * @param coolingPercent heat load as a percentage of the cooling capacity at the current ambient
 */
public record HallHeadroom(String hall, double limitKw, double aiKw, double miningKw, double freeKw,
    double coolingPercent, double coolingCapacityKw, int gpus, int freeGpus) {
}
