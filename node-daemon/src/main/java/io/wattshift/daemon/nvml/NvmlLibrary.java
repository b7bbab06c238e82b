package io.wattshift.daemon.nvml;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * JNA interface mapping of the NVML C functions the daemon uses, with the versioned symbol names
 * {@code libnvidia-ml.so.1} exports. Every function returns an {@code nvmlReturn_t} (see {@link NvmlReturn});
 * C {@code unsigned int} maps to Java {@code int} (read it with {@link Integer#toUnsignedLong}) and
 * {@code unsigned long long} to {@code long}. {@code nvmlDevice_t} is an opaque pointer.
 *
 * <p>Only {@link Nvml} and {@link GpuDevice} call this; everything else uses their typed API.
 */
public interface NvmlLibrary extends Library {
    int NVML_TEMPERATURE_GPU = 0;
    int NVML_TEMPERATURE_THRESHOLD_SHUTDOWN = 0;
    int NVML_TEMPERATURE_THRESHOLD_SLOWDOWN = 1;
    /** NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE */
    int DRIVER_VERSION_BUFFER_SIZE = 80;
    /** NVML_DEVICE_UUID_V2_BUFFER_SIZE */
    int UUID_BUFFER_SIZE = 96;
    /** NVML_DEVICE_NAME_V2_BUFFER_SIZE */
    int NAME_BUFFER_SIZE = 96;

    int nvmlInit_v2();

    int nvmlShutdown();

    String nvmlErrorString(int result);

    int nvmlSystemGetDriverVersion(byte[] version, int length);

    int nvmlDeviceGetCount_v2(IntByReference deviceCount);

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    int nvmlDeviceGetPciInfo_v3(Pointer device, NvmlPciInfo pci);

    /** Milliwatts. */
    int nvmlDeviceGetPowerUsage(Pointer device, IntByReference power);

    /** Milliwatts. */
    int nvmlDeviceGetEnforcedPowerLimit(Pointer device, IntByReference limit);

    /** Milliwatts: the limit set by software (ours or an admin's); the enforced one may be lower. */
    int nvmlDeviceGetPowerManagementLimit(Pointer device, IntByReference limit);

    /** Milliwatts. */
    int nvmlDeviceGetPowerManagementLimitConstraints(Pointer device, IntByReference minLimit, IntByReference maxLimit);

    /** Milliwatts. */
    int nvmlDeviceGetPowerManagementDefaultLimit(Pointer device, IntByReference defaultLimit);

    /** Milliwatts; needs root (or CAP_SYS_ADMIN). */
    int nvmlDeviceSetPowerManagementLimit(Pointer device, int limit);

    /** Millijoules since the driver was last reloaded. */
    int nvmlDeviceGetTotalEnergyConsumption(Pointer device, LongByReference energy);

    /** Degrees Celsius. */
    int nvmlDeviceGetTemperature(Pointer device, int sensorType, IntByReference temp);

    /** Degrees Celsius. */
    int nvmlDeviceGetTemperatureThreshold(Pointer device, int thresholdType, IntByReference temp);

    int nvmlDeviceGetUtilizationRates(Pointer device, NvmlUtilization utilization);

    int nvmlDeviceGetMemoryInfo(Pointer device, NvmlMemory memory);

    /** Drivers from R535; older ones only export {@link #nvmlDeviceGetCurrentClocksThrottleReasons}. */
    int nvmlDeviceGetCurrentClocksEventReasons(Pointer device, LongByReference clocksEventReasons);

    int nvmlDeviceGetCurrentClocksThrottleReasons(Pointer device, LongByReference clocksThrottleReasons);
}
