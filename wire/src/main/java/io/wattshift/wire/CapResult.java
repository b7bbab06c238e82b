package io.wattshift.wire;

/**
 * The daemon's answer to a {@link CapRequest}.
 *
 * @param requestId the request's id
 * @param gpuIndex NVML device index
 * @param outcome what happened
 * @param appliedMilliwatts the enforced power limit read back after the attempt ({@link WireCodec#ABSENT} if unknown)
 * @param message human-readable reason when not {@link Outcome#APPLIED}, "" otherwise
 */
public record CapResult(long requestId, int gpuIndex, Outcome outcome, long appliedMilliwatts, String message)
        implements WireMessage {
    /** Outcome of a cap request. */
    public enum Outcome {
        /** The limit is in force; {@code appliedMilliwatts} is the enforced value read back from NVML. */
        APPLIED,
        /** Refused before touching the GPU: out of the GPU's constraints, unknown GPU, or capping disabled. */
        REJECTED,
        /** NVML refused or failed (e.g. NO_PERMISSION, GPU_IS_LOST). */
        FAILED
    }

    public CapResult {
        WireCodec.checkGpuIndex(gpuIndex);
        message = message == null ? "" : message;
    }
}
