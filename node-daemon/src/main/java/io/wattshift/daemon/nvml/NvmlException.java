package io.wattshift.daemon.nvml;

/** An NVML call returned something other than SUCCESS (and, for optional readings, other than NOT_SUPPORTED). */
public final class NvmlException extends RuntimeException {
    private final NvmlReturn error;
    private final int code;
    private final String function;

    public NvmlException(String function, int code, String description) {
        super(function + " failed: " + NvmlReturn.of(code) + " (" + code + ", " + description + ")");
        this.error = NvmlReturn.of(code);
        this.code = code;
        this.function = function;
    }

    /** The typed error; {@link NvmlReturn#UNKNOWN} for codes this build does not know (see {@link #code()}). */
    public NvmlReturn error() {
        return error;
    }

    /** The raw {@code nvmlReturn_t}. */
    public int code() {
        return code;
    }

    public String function() {
        return function;
    }
}
