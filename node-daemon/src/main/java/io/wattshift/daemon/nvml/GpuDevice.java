package io.wattshift.daemon.nvml;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One GPU of an {@link Nvml} session, with typed readings in NVML's units (milliwatts, millijoules, bytes,
 * Celsius, percent).
 *
 * <p>A feature the GPU does not support (NOT_SUPPORTED) is an empty optional, never zero. Any other failure
 * (GPU_IS_LOST, NO_PERMISSION, UNINITIALIZED, ...) raises {@link NvmlException} with its typed code. Call from the
 * thread that owns the {@link Nvml} session.
 */
public final class GpuDevice {
    private final Nvml nvml;
    private final NvmlLibrary lib;
    private final int index;
    private final Pointer handle;
    private volatile boolean eventReasonsMissing;

    GpuDevice(Nvml nvml, int index, Pointer handle) {
        this.nvml = nvml;
        this.lib = nvml.lib();
        this.index = index;
        this.handle = handle;
    }

    /** Power limits a GPU accepts (inclusive), milliwatts. */
    public record PowerConstraints(long minMilliwatts, long maxMilliwatts) {
        public boolean allows(long milliwatts) {
            return milliwatts >= minMilliwatts && milliwatts <= maxMilliwatts;
        }
    }

    /** Percent of the last sample period the GPU computed / its memory was busy. */
    public record Utilization(int gpuPercent, int memoryPercent) {
    }

    /** Frame buffer, bytes. */
    public record MemoryInfo(long totalBytes, long freeBytes, long usedBytes) {
    }

    public int index() {
        return index;
    }

    public String uuid() {
        byte[] buf = new byte[NvmlLibrary.UUID_BUFFER_SIZE];
        nvml.check("nvmlDeviceGetUUID", lib.nvmlDeviceGetUUID(handle, buf, buf.length));
        return Native.toString(buf);
    }

    public String name() {
        byte[] buf = new byte[NvmlLibrary.NAME_BUFFER_SIZE];
        nvml.check("nvmlDeviceGetName", lib.nvmlDeviceGetName(handle, buf, buf.length));
        return Native.toString(buf);
    }

    public NvmlPciInfo pciInfo() {
        NvmlPciInfo pci = new NvmlPciInfo();
        nvml.check("nvmlDeviceGetPciInfo_v3", lib.nvmlDeviceGetPciInfo_v3(handle, pci));
        return pci;
    }

    /** Current board power draw, milliwatts. */
    public OptionalLong powerUsageMilliwatts() {
        IntByReference v = new IntByReference();
        return optional("nvmlDeviceGetPowerUsage", lib.nvmlDeviceGetPowerUsage(handle, v), v);
    }

    /** The power limit in force (the lowest of all limiters, including our cap), milliwatts. */
    public OptionalLong enforcedPowerLimitMilliwatts() {
        IntByReference v = new IntByReference();
        return optional("nvmlDeviceGetEnforcedPowerLimit", lib.nvmlDeviceGetEnforcedPowerLimit(handle, v), v);
    }

    /** The power management limit set by software (nvidia-smi's power.limit), milliwatts. */
    public OptionalLong powerManagementLimitMilliwatts() {
        IntByReference v = new IntByReference();
        return optional("nvmlDeviceGetPowerManagementLimit", lib.nvmlDeviceGetPowerManagementLimit(handle, v), v);
    }

    public OptionalLong defaultPowerLimitMilliwatts() {
        IntByReference v = new IntByReference();
        return optional("nvmlDeviceGetPowerManagementDefaultLimit", lib.nvmlDeviceGetPowerManagementDefaultLimit(handle, v), v);
    }

    public Optional<PowerConstraints> powerConstraints() {
        IntByReference min = new IntByReference();
        IntByReference max = new IntByReference();
        int rc = lib.nvmlDeviceGetPowerManagementLimitConstraints(handle, min, max);
        if (absent("nvmlDeviceGetPowerManagementLimitConstraints", rc)) {
            return Optional.empty();
        }
        return Optional.of(new PowerConstraints(unsigned(min), unsigned(max)));
    }

    /**
     * Sets the power management limit. Needs root or CAP_SYS_ADMIN (else NO_PERMISSION); NVML answers
     * INVALID_ARGUMENT for a value outside {@link #powerConstraints()}. Not persistent across driver reloads.
     */
    public void setPowerLimitMilliwatts(long milliwatts) {
        if (milliwatts < 0 || milliwatts > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("power limit out of unsigned int range: " + milliwatts + " mW");
        }
        nvml.check("nvmlDeviceSetPowerManagementLimit", lib.nvmlDeviceSetPowerManagementLimit(handle, (int) milliwatts));
    }

    /** Energy since the driver was loaded, millijoules (Volta and newer). */
    public OptionalLong totalEnergyMillijoules() {
        LongByReference v = new LongByReference();
        int rc = lib.nvmlDeviceGetTotalEnergyConsumption(handle, v);
        return absent("nvmlDeviceGetTotalEnergyConsumption", rc) ? OptionalLong.empty() : OptionalLong.of(v.getValue());
    }

    /** GPU core temperature, Celsius. */
    public OptionalInt temperatureCelsius() {
        IntByReference v = new IntByReference();
        int rc = lib.nvmlDeviceGetTemperature(handle, NvmlLibrary.NVML_TEMPERATURE_GPU, v);
        return absent("nvmlDeviceGetTemperature", rc) ? OptionalInt.empty() : OptionalInt.of(v.getValue());
    }

    /** Temperature at which the GPU starts hardware slowdown, Celsius. */
    public OptionalInt slowdownTemperatureCelsius() {
        return threshold(NvmlLibrary.NVML_TEMPERATURE_THRESHOLD_SLOWDOWN);
    }

    /** Temperature at which the GPU shuts down, Celsius. */
    public OptionalInt shutdownTemperatureCelsius() {
        return threshold(NvmlLibrary.NVML_TEMPERATURE_THRESHOLD_SHUTDOWN);
    }

    public Optional<Utilization> utilization() {
        NvmlUtilization u = new NvmlUtilization();
        int rc = lib.nvmlDeviceGetUtilizationRates(handle, u);
        return absent("nvmlDeviceGetUtilizationRates", rc) ? Optional.empty() : Optional.of(new Utilization(u.gpu, u.memory));
    }

    public Optional<MemoryInfo> memory() {
        NvmlMemory m = new NvmlMemory();
        int rc = lib.nvmlDeviceGetMemoryInfo(handle, m);
        return absent("nvmlDeviceGetMemoryInfo", rc) ? Optional.empty() : Optional.of(new MemoryInfo(m.total, m.free, m.used));
    }

    /** Bit mask of {@link ClocksEventReason}s; falls back to the pre-R535 "throttle reasons" symbol. */
    public OptionalLong clocksEventReasons() {
        LongByReference v = new LongByReference();
        int rc;
        String function;
        if (!eventReasonsMissing) {
            try {
                function = "nvmlDeviceGetCurrentClocksEventReasons";
                rc = lib.nvmlDeviceGetCurrentClocksEventReasons(handle, v);
                return absent(function, rc) ? OptionalLong.empty() : OptionalLong.of(v.getValue());
            } catch (UnsatisfiedLinkError e) {
                eventReasonsMissing = true;
            }
        }
        function = "nvmlDeviceGetCurrentClocksThrottleReasons";
        rc = lib.nvmlDeviceGetCurrentClocksThrottleReasons(handle, v);
        return absent(function, rc) ? OptionalLong.empty() : OptionalLong.of(v.getValue());
    }

    private OptionalInt threshold(int type) {
        IntByReference v = new IntByReference();
        int rc = lib.nvmlDeviceGetTemperatureThreshold(handle, type, v);
        return absent("nvmlDeviceGetTemperatureThreshold", rc) ? OptionalInt.empty() : OptionalInt.of(v.getValue());
    }

    private OptionalLong optional(String function, int rc, IntByReference value) {
        return absent(function, rc) ? OptionalLong.empty() : OptionalLong.of(unsigned(value));
    }

    /** True for NOT_SUPPORTED; throws for any other error; false on success. */
    private boolean absent(String function, int rc) {
        if (rc == NvmlReturn.NOT_SUPPORTED.code()) {
            return true;
        }
        nvml.check(function, rc);
        return false;
    }

    private static long unsigned(IntByReference v) {
        return Integer.toUnsignedLong(v.getValue());
    }

    @Override
    public String toString() {
        return "GPU " + index;
    }
}
