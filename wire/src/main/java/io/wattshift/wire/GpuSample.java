package io.wattshift.wire;

/**
 * One reading of one GPU. Units are NVML's own (milliwatts, millijoules, bytes, percent, Celsius) so that no
 * precision is lost on the wire; {@link WireCodec#ABSENT} (-1) marks a value the GPU did not report
 * (NVML NOT_SUPPORTED or a transient error), which consumers must treat as unknown, never as zero.
 *
 * @param gpuIndex NVML device index
 * @param timestampMillis wall-clock time of the reading (epoch milliseconds)
 * @param lost true when NVML reported GPU_IS_LOST (fallen off the bus): every reading is then absent
 * @param powerMilliwatts current board power draw
 * @param energyMillijoules energy counter since the driver loaded (monotonic)
 * @param temperatureCelsius GPU core temperature
 * @param gpuUtilizationPercent percent of time a kernel ran during the last sample period
 * @param memoryUtilizationPercent percent of time device memory was read or written
 * @param memoryUsedBytes used frame buffer
 * @param memoryTotalBytes total frame buffer
 * @param powerLimitMilliwatts enforced power limit (the cap in force)
 * @param clocksEventReasons NVML clocks event (throttle) reason bit mask
 */
public record GpuSample(int gpuIndex, long timestampMillis, boolean lost,
                        long powerMilliwatts, long energyMillijoules, int temperatureCelsius,
                        int gpuUtilizationPercent, int memoryUtilizationPercent,
                        long memoryUsedBytes, long memoryTotalBytes,
                        long powerLimitMilliwatts, long clocksEventReasons) {
    public GpuSample {
        WireCodec.checkGpuIndex(gpuIndex);
    }

    /** A sample for a GPU that fell off the bus: nothing is known. */
    public static GpuSample lost(int gpuIndex, long timestampMillis) {
        long a = WireCodec.ABSENT;
        return new GpuSample(gpuIndex, timestampMillis, true, a, a, (int) a, (int) a, (int) a, a, a, a, a);
    }

    /** True when {@code value} holds a reading (is not {@link WireCodec#ABSENT}). */
    public static boolean present(long value) {
        return value != WireCodec.ABSENT;
    }
}
