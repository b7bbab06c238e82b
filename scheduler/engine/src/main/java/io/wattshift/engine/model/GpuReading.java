package io.wattshift.engine.model;

/**
 * One GPU in a telemetry sample.
 *
 * @param index        GPU index on the node
 * @param powerW       measured draw, W
 * @param powerLimitW  enforced power limit, W
 * @param temperatureC temperature, degrees C
 */
public record GpuReading(int index, double powerW, double powerLimitW, double temperatureC) {
}
