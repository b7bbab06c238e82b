package io.wattshift.daemon.stream;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the daemon streams telemetry.
 *
 * @param schedulerUrl base URL of the scheduler's HTTP server ({@code http://} or {@code https://})
 * @param tokenFile the ServiceAccount token to present (re-read on every connect: projected tokens rotate)
 * @param caFile PEM trust for an {@code https://} scheduler; empty for the JVM's default trust
 * @param minBackoff first reconnect delay, doubled per failure up to {@code maxBackoff}
 * @param maxBackoff longest reconnect delay
 * @param bufferSamples samples kept while the scheduler is unreachable (oldest dropped beyond)
 * @param keepAlive ping period; a stream that reads nothing (no pong) for three periods is dropped and reconnected,
 *                  so a dead network path is noticed in seconds rather than at TCP's retransmission timeout
 */
public record StreamConfig(URI schedulerUrl, Path tokenFile, Optional<Path> caFile, Duration minBackoff,
                           Duration maxBackoff, int bufferSamples, Duration keepAlive) {
    public StreamConfig {
        String scheme = schedulerUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("scheduler URL must be http:// or https://, got " + schedulerUrl);
        }
        if (schedulerUrl.getHost() == null) {
            throw new IllegalArgumentException("scheduler URL has no host: " + schedulerUrl);
        }
    }

    boolean tls() {
        return "https".equals(schedulerUrl.getScheme());
    }

    int port() {
        return schedulerUrl.getPort() > 0 ? schedulerUrl.getPort() : (tls() ? 443 : 80);
    }
}
