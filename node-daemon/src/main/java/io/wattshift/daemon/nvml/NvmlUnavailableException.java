package io.wattshift.daemon.nvml;

/** NVML cannot be used at all on this machine: the library is missing or the driver does not answer. */
public final class NvmlUnavailableException extends RuntimeException {
    public NvmlUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
