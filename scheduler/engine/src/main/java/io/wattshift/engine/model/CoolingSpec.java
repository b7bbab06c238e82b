package io.wattshift.engine.model;

/**
 * Heat a hall can reject, derated linearly above its rated ambient temperature.
 *
 * @param capacityKw        heat rejection at or below {@code ratedAmbientC}, kW
 * @param ratedAmbientC     ambient temperature up to which the full capacity holds, degrees C
 * @param derateFractionPerC fraction of capacity lost per degree C above the rated ambient (e.g. 0.02)
 */
public record CoolingSpec(double capacityKw, double ratedAmbientC, double derateFractionPerC) {
    public CoolingSpec {
        Checks.positive(capacityKw, "cooling.capacityKw");
        Checks.nonNegative(derateFractionPerC, "cooling.derateFractionPerC");
    }

    /** Capacity in kW at the given ambient temperature; never negative. */
    public double capacityAt(double ambientC) {
        double excess = Math.max(0, ambientC - ratedAmbientC);
        return capacityKw * Math.max(0, 1 - derateFractionPerC * excess);
    }
}
