package io.wattshift.scheduler.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wattshift.engine.model.GpuSpec;
import io.wattshift.wire.GpuInventory;
import io.wattshift.wire.Hello;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DaemonGpuFactsTest {
    @Test
    void annotationsWrittenByTheDaemonGiveTheNameplate() {
        assertEquals(Optional.of(new DaemonGpuFacts.PowerLimits(200, 700, 700)), DaemonGpuFacts.powerLimits(Map.of(
                "wattshift.io/gpu-power-min-watts", "200", "wattshift.io/gpu-power-default-watts", "700",
                "wattshift.io/gpu-power-max-watts", "700")));
        assertEquals(Optional.of(new DaemonGpuFacts.PowerLimits(70, 70, 70)),
                DaemonGpuFacts.powerLimits(Map.of("wattshift.io/gpu-power-default-watts", "70")), "a T4 reports only its default");
    }

    @Test
    void missingOrInconsistentAnnotationsAreIgnored() {
        assertEquals(Optional.empty(), DaemonGpuFacts.powerLimits(Map.of()));
        assertEquals(Optional.empty(), DaemonGpuFacts.powerLimits(null));
        assertEquals(Optional.empty(), DaemonGpuFacts.powerLimits(Map.of("wattshift.io/gpu-power-default-watts", "lots")));
        assertEquals(Optional.empty(), DaemonGpuFacts.powerLimits(Map.of(
                "wattshift.io/gpu-power-default-watts", "900", "wattshift.io/gpu-power-max-watts", "700")));
    }

    @Test
    void helloBecomesEngineSpecsPerGpu() {
        Hello hello = new Hello("n1", "t", "d", true, List.of(
                new GpuInventory(0, "GPU-a", "NVIDIA H100 80GB HBM3", "bus", 200_000, 700_000, 700_000, 87, 92, 80L << 30),
                new GpuInventory(1, "GPU-b", "Tesla T4", "bus", -1, 70_000, -1, -1, -1, 15L << 30)));
        assertEquals(List.of(new GpuSpec("NVIDIA H100 80GB HBM3", 81_920, 700, 200, 700, 87),
                new GpuSpec("Tesla T4", 15_360, 70, 70, 70, 85)), DaemonGpuFacts.gpuSpecs(hello, 700, 85));
    }
}
