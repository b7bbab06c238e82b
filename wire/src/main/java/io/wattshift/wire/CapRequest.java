package io.wattshift.wire;

/**
 * Scheduler asks the daemon to set one GPU's power limit.
 *
 * @param requestId chosen by the scheduler, echoed in the {@link CapResult}
 * @param gpuIndex NVML device index
 * @param milliwatts desired power limit; {@link #RESTORE_DEFAULT} (0) removes the cap (back to the default limit)
 */
public record CapRequest(long requestId, int gpuIndex, long milliwatts) implements WireMessage {
    /** Milliwatts value meaning "no cap: restore the GPU's default power limit". */
    public static final long RESTORE_DEFAULT = 0;

    public CapRequest {
        WireCodec.checkGpuIndex(gpuIndex);
        if (milliwatts < 0) {
            throw new IllegalArgumentException("cap must be >= 0 mW (0 restores the default), got " + milliwatts);
        }
    }
}
