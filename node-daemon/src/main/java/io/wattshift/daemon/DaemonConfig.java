package io.wattshift.daemon;

import io.wattshift.daemon.stream.StreamConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the daemon is told at start-up (from flags and environment, see {@link Main}).
 *
 * @param nodeName the Kubernetes node this daemon runs on
 * @param stream where to stream telemetry; empty: no streaming (metrics only)
 * @param sampleInterval time between two NVML readings of every GPU
 * @param metricsHost address for /metrics and /healthz
 * @param metricsPort port for /metrics and /healthz (0: any free port)
 * @param capping apply power caps; false: read-only telemetry (no privileges needed)
 * @param stateFile where desired caps are persisted across restarts
 * @param labelNode write GPU labels and annotations on the Node at start-up
 */
public record DaemonConfig(String nodeName, Optional<StreamConfig> stream, Duration sampleInterval, String metricsHost,
                           int metricsPort, boolean capping, Path stateFile, boolean labelNode) {
    public DaemonConfig {
        if (nodeName == null || nodeName.isBlank()) {
            throw new IllegalArgumentException("node name missing: pass --node-name or set NODE_NAME (downward API spec.nodeName)");
        }
        if (sampleInterval.toMillis() < 10) {
            throw new IllegalArgumentException("sample interval must be at least 10 ms, got " + sampleInterval);
        }
    }
}
