package io.wattshift.scheduler.telemetry;

import io.wattshift.engine.model.GpuSpec;
import io.wattshift.wire.GpuInventory;
import io.wattshift.wire.GpuSample;
import io.wattshift.wire.Hello;
import io.wattshift.wire.NodeKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the node daemon reports about a node's GPUs, as engine {@link GpuSpec}s: from the Node's annotations (written
 * at daemon start-up, so known before the first sample) or from the daemon's {@link Hello} (exact, per GPU).
 * Watts are whole watts from milliwatts; a value the GPU does not report is left to the caller's default.
 */
public final class DaemonGpuFacts {
    private DaemonGpuFacts() {
    }

    /** Nameplate power limits of the node's GPUs from the daemon's annotations; empty when the daemon has not written them. */
    public record PowerLimits(double minW, double defaultW, double maxW) {
    }

    public static Optional<PowerLimits> powerLimits(Map<String, String> annotations) {
        if (annotations == null) {
            return Optional.empty();
        }
        Optional<Double> def = watts(annotations.get(NodeKeys.ANNOTATION_POWER_DEFAULT_WATTS));
        Optional<Double> max = watts(annotations.get(NodeKeys.ANNOTATION_POWER_MAX_WATTS));
        if (def.isEmpty() && max.isEmpty()) {
            return Optional.empty();
        }
        double maxW = max.orElse(def.get());
        double defaultW = def.orElse(maxW);
        double minW = watts(annotations.get(NodeKeys.ANNOTATION_POWER_MIN_WATTS)).orElse(defaultW);
        if (!(0 < minW && minW <= defaultW && defaultW <= maxW)) {
            return Optional.empty(); // inconsistent annotations (edited by hand?): fall back to the hall's nameplate
        }
        return Optional.of(new PowerLimits(minW, defaultW, maxW));
    }

    /**
     * The GPUs of a daemon's hello as engine specs, in index order. A missing max or min limit takes the default; a
     * GPU that reports no limit at all gets {@code fallbackW} (the hall's nameplate). {@code fallbackSlowdownC} where no slowdown threshold is reported.
     */
    public static List<GpuSpec> gpuSpecs(Hello hello, double fallbackW, double fallbackSlowdownC) {
        List<GpuSpec> specs = new ArrayList<>(hello.gpus().size());
        for (GpuInventory g : hello.gpus()) {
            // a GPU without settable limits cannot draw past its default: that is its nameplate
            double def = present(g.defaultPowerLimitMilliwatts()) ? g.defaultPowerLimitMilliwatts() / 1000.0
                    : present(g.maxPowerLimitMilliwatts()) ? g.maxPowerLimitMilliwatts() / 1000.0 : fallbackW;
            double max = present(g.maxPowerLimitMilliwatts()) ? g.maxPowerLimitMilliwatts() / 1000.0 : def;
            double min = present(g.minPowerLimitMilliwatts()) ? g.minPowerLimitMilliwatts() / 1000.0 : def;
            double slowdown = g.slowdownTemperatureCelsius() >= 0 ? g.slowdownTemperatureCelsius() : fallbackSlowdownC;
            long memoryMib = present(g.memoryTotalBytes()) ? g.memoryTotalBytes() >> 20 : 0;
            specs.add(new GpuSpec(g.name().isEmpty() ? "gpu" : g.name(), memoryMib, def, Math.min(min, def), Math.max(max, def), slowdown));
        }
        return specs;
    }

    private static boolean present(long value) {
        return GpuSample.present(value);
    }

    private static Optional<Double> watts(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            double w = Double.parseDouble(value.trim());
            return w > 0 && Double.isFinite(w) ? Optional.of(w) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
