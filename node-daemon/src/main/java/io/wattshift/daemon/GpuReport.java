package io.wattshift.daemon;

import io.wattshift.daemon.nvml.ClocksEventReason;
import io.wattshift.daemon.nvml.GpuDevice;
import io.wattshift.daemon.nvml.Nvml;
import io.wattshift.daemon.nvml.NvmlException;
import io.wattshift.daemon.nvml.NvmlUnavailableException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One reading of every GPU as CSV, in the columns and units of
 * {@code nvidia-smi --query-gpu=name,power.draw,power.limit,enforced.power.limit,power.min_limit,power.max_limit,
 * temperature.gpu,utilization.gpu,memory.total,memory.used --format=csv} (W, C, %, MiB), so that
 * scripts/gpu-check.sh can print both side by side; "[N/A]" where NVML says NOT_SUPPORTED, as nvidia-smi does.
 */
public final class GpuReport {
    static final String HEADER = "index, name, power.draw [W], power.limit [W], enforced.power.limit [W], power.min_limit [W], "
            + "power.max_limit [W], power.default_limit [W], temperature.gpu, utilization.gpu [%], memory.total [MiB], "
            + "memory.used [MiB], energy [J], clocks_event_reasons";

    private GpuReport() {
    }

    /**
     * The GPU check's entry point (scripts/gpu-check.sh): needs only this package, NVML's binding and JNA on the
     * class path, so it runs from a small bundle with a minimal JRE. Argument: the NVML library (optional).
     */
    public static void main(String[] args) {
        try (Nvml nvml = Nvml.open(Optional.ofNullable(args.length > 0 ? args[0] : null))) {
            print(nvml, new PrintWriter(System.out, true));
        } catch (NvmlUnavailableException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    static void print(Nvml nvml, PrintWriter out) {
        out.println("# wattshift NVML binding, driver " + nvml.driverVersion());
        out.println(HEADER);
        for (GpuDevice d : nvml.devices()) {
            try {
                Optional<GpuDevice.PowerConstraints> c = d.powerConstraints();
                Optional<GpuDevice.MemoryInfo> mem = d.memory();
                OptionalLong reasons = d.clocksEventReasons();
                out.println(String.join(", ", Integer.toString(d.index()), d.name(),
                        watts(d.powerUsageMilliwatts()), watts(d.powerManagementLimitMilliwatts()),
                        watts(d.enforcedPowerLimitMilliwatts()),
                        watts(c.map(x -> OptionalLong.of(x.minMilliwatts())).orElse(OptionalLong.empty())),
                        watts(c.map(x -> OptionalLong.of(x.maxMilliwatts())).orElse(OptionalLong.empty())),
                        watts(d.defaultPowerLimitMilliwatts()),
                        number(d.temperatureCelsius()),
                        d.utilization().map(u -> Integer.toString(u.gpuPercent())).orElse("[N/A]"),
                        mem.map(m -> Long.toString(m.totalBytes() >> 20)).orElse("[N/A]"),
                        mem.map(m -> Long.toString(m.usedBytes() >> 20)).orElse("[N/A]"),
                        d.totalEnergyMillijoules().isPresent() ? String.format("%.3f", d.totalEnergyMillijoules().getAsLong() / 1000.0) : "[N/A]",
                        reasons.isPresent() ? "0x" + Long.toHexString(reasons.getAsLong()) + " " + ClocksEventReason.decode(reasons.getAsLong()) : "[N/A]"));
            } catch (NvmlException e) {
                out.println(d.index() + ", error: " + e.getMessage());
            }
        }
        out.flush();
    }

    private static String watts(OptionalLong milliwatts) {
        return milliwatts.isPresent() ? String.format("%.2f", milliwatts.getAsLong() / 1000.0) : "[N/A]";
    }

    private static String number(OptionalInt value) {
        return value.isPresent() ? Integer.toString(value.getAsInt()) : "[N/A]";
    }
}
