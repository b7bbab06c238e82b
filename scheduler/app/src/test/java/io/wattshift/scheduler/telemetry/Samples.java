package io.wattshift.scheduler.telemetry;

import io.wattshift.wire.GpuInventory;
import io.wattshift.wire.GpuSample;
import io.wattshift.wire.Hello;
import java.util.ArrayList;
import java.util.List;

/** Test data: H100 nodes and their samples. */
final class Samples {
    private Samples() {
    }

    static Hello hello(String node, int gpus) {
        List<GpuInventory> inventory = new ArrayList<>();
        for (int i = 0; i < gpus; i++) {
            inventory.add(new GpuInventory(i, "GPU-" + node + "-" + i, "NVIDIA H100 80GB HBM3", "bus", 200_000, 700_000,
                    700_000, 87, 92, 80L << 30));
        }
        return new Hello(node, "test", "570.86.15", true, inventory);
    }

    static GpuSample sample(int gpu, long at, long powerMw, int temperature) {
        return new GpuSample(gpu, at, false, powerMw, 1_000_000, temperature, 90, 40, 20L << 30, 80L << 30, 700_000, 0);
    }

    static List<GpuSample> tick(int gpus, long at, long powerMw) {
        List<GpuSample> tick = new ArrayList<>();
        for (int i = 0; i < gpus; i++) {
            tick.add(sample(i, at, powerMw + i, 60 + i));
        }
        return tick;
    }
}
