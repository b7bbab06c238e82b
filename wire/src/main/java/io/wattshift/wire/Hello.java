package io.wattshift.wire;

import java.util.List;

/**
 * First frame a daemon sends on a new connection: which node it speaks for and what GPUs it has.
 *
 * @param nodeName Kubernetes node name (downward API {@code spec.nodeName})
 * @param daemonVersion version of the daemon build
 * @param driverVersion NVIDIA driver version from NVML, or "" if unknown
 * @param cappingEnabled false when the daemon runs read-only (it refuses every {@link CapRequest})
 * @param gpus one entry per GPU, ordered by index
 */
public record Hello(String nodeName, String daemonVersion, String driverVersion, boolean cappingEnabled,
                    List<GpuInventory> gpus) implements WireMessage {
    public Hello {
        if (nodeName == null || nodeName.isBlank()) {
            throw new IllegalArgumentException("hello needs a node name");
        }
        daemonVersion = daemonVersion == null ? "" : daemonVersion;
        driverVersion = driverVersion == null ? "" : driverVersion;
        gpus = List.copyOf(gpus);
    }
}
