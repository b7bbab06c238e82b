package io.wattshift.wire;

/**
 * Static facts about one GPU, sent in {@link Hello} so that the scheduler knows nameplate before the first sample.
 *
 * <p>Power values are milliwatts (NVML's unit), temperatures degrees Celsius. {@link WireCodec#ABSENT} (-1) marks a
 * value the GPU does not report (NVML NOT_SUPPORTED): never read it as zero.
 *
 * @param index NVML device index (0..255)
 * @param uuid NVML UUID, e.g. {@code GPU-5f0e...}; stable across reboots, used to key persisted caps
 * @param name model name as NVML reports it, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param pciBusId PCI bus id, e.g. {@code 00000000:3B:00.0}
 * @param minPowerLimitMilliwatts lowest settable power limit
 * @param defaultPowerLimitMilliwatts the board's default (nameplate) power limit
 * @param maxPowerLimitMilliwatts highest settable power limit
 * @param slowdownTemperatureCelsius temperature at which the GPU starts to slow down (HW)
 * @param shutdownTemperatureCelsius temperature at which the GPU shuts down
 * @param memoryTotalBytes frame buffer size
 */
public record GpuInventory(int index, String uuid, String name, String pciBusId,
                           long minPowerLimitMilliwatts, long defaultPowerLimitMilliwatts, long maxPowerLimitMilliwatts,
                           int slowdownTemperatureCelsius, int shutdownTemperatureCelsius, long memoryTotalBytes) {
    public GpuInventory {
        WireCodec.checkGpuIndex(index);
        uuid = nonNull(uuid);
        name = nonNull(name);
        pciBusId = nonNull(pciBusId);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
