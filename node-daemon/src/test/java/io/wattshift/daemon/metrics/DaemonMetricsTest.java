package io.wattshift.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wattshift.wire.GpuInventory;
import io.wattshift.wire.GpuSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class DaemonMetricsTest {
    private static final long A = -1;

    @Test
    void readingsAreExportedInBaseUnitsWithDcgmMeanings() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DaemonMetrics metrics = new DaemonMetrics(registry, List.of(
                new GpuInventory(0, "GPU-a", "NVIDIA H100", "bus", 200_000, 700_000, 700_000, 87, 92, 80L << 30)));
        metrics.record(List.of(new GpuSample(0, 1, false, 412_500, 9_876_543, 71, 98, 40, 1L << 30, 80L << 30, 450_000, 0x4 | 0x80)));
        String text = registry.scrape();
        String tags = "{gpu=\"0\",model=\"NVIDIA H100\",uuid=\"GPU-a\"}";
        for (String line : List.of(
                "wattshift_gpu_power_watts" + tags + " 412.5",
                "wattshift_gpu_energy_joules_total" + tags + " 9876.543",
                "wattshift_gpu_temperature_celsius" + tags + " 71.0",
                "wattshift_gpu_utilization_ratio" + tags + " 0.98",
                "wattshift_gpu_memory_utilization_ratio" + tags + " 0.4",
                "wattshift_gpu_memory_used_bytes" + tags + " 1.073741824E9",
                "wattshift_gpu_power_limit_watts" + tags + " 450.0",
                "wattshift_gpu_power_limit_min_watts" + tags + " 200.0",
                "wattshift_gpu_power_limit_max_watts" + tags + " 700.0",
                "wattshift_gpu_throttle_reasons" + tags + " 132.0",
                "wattshift_gpu_throttle_active{gpu=\"0\",model=\"NVIDIA H100\",reason=\"sw_power_cap\",uuid=\"GPU-a\"} 1.0",
                "wattshift_gpu_throttle_active{gpu=\"0\",model=\"NVIDIA H100\",reason=\"hw_power_brake_slowdown\",uuid=\"GPU-a\"} 1.0",
                "wattshift_gpu_throttle_active{gpu=\"0\",model=\"NVIDIA H100\",reason=\"hw_thermal_slowdown\",uuid=\"GPU-a\"} 0.0",
                "wattshift_gpu_lost" + tags + " 0.0",
                "wattshift_daemon_samples_total 1.0")) {
            assertTrue(text.contains(line + "\n"), () -> "missing " + line + " in\n" + text);
        }
    }

    @Test
    void unsupportedReadingsHaveNoSeriesRatherThanZero() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DaemonMetrics metrics = new DaemonMetrics(registry, List.of(
                new GpuInventory(0, "GPU-a", "Tesla T4", "bus", A, 70_000, A, -1, -1, 15L << 30)));
        metrics.record(List.of(new GpuSample(0, 1, false, 35_000, A, 50, -1, -1, A, A, 70_000, A)));
        String text = registry.scrape();
        assertTrue(text.contains("wattshift_gpu_power_watts{"));
        for (String absent : List.of("wattshift_gpu_energy_joules_total{", "wattshift_gpu_utilization_ratio{",
                "wattshift_gpu_power_limit_min_watts{", "wattshift_gpu_throttle_active{", "wattshift_gpu_memory_used_bytes{")) {
            assertFalse(text.contains(absent), absent);
        }
    }

    @Test
    void aLostGpuIsFlaggedAndItsReadingsBecomeUnknown() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DaemonMetrics metrics = new DaemonMetrics(registry, List.of(
                new GpuInventory(0, "GPU-a", "NVIDIA H100", "bus", 200_000, 700_000, 700_000, 87, 92, 80L << 30)));
        metrics.record(List.of(new GpuSample(0, 1, false, 412_500, 1, 71, 98, 40, 1, 2, 450_000, 0)));
        metrics.record(List.of(GpuSample.lost(0, 2)));
        String text = registry.scrape();
        assertTrue(text.contains("wattshift_gpu_lost{gpu=\"0\",model=\"NVIDIA H100\",uuid=\"GPU-a\"} 1.0"), text);
        assertTrue(text.contains("wattshift_gpu_power_watts{gpu=\"0\",model=\"NVIDIA H100\",uuid=\"GPU-a\"} NaN"), text);
    }
}
