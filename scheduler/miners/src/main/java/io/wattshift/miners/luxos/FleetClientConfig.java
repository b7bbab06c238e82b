package io.wattshift.miners.luxos;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the cgminer-protocol client for one fleet.
 *
 * @param connectTimeout   TCP connect limit per attempt
 * @param requestTimeout   limit per attempt from connect to the complete reply; a slow-dripping miner cannot extend it
 * @param maxReplyBytes    larger replies are cut off and reported as {@code OVERSIZED_REPLY}
 * @param maxInFlight      requests (connections) in flight at once for the fleet; the rest queue
 * @param maxAttempts      attempts per request for retryable faults (connect, timeout, garbage), at least 1
 * @param backoff          delay before the second attempt; doubles for each further attempt
 * @param ioThreads        Netty event-loop threads
 */
public record FleetClientConfig(Duration connectTimeout, Duration requestTimeout, int maxReplyBytes, int maxInFlight,
                                int maxAttempts, Duration backoff, int ioThreads) {

    public FleetClientConfig {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(backoff, "backoff");
        if (maxReplyBytes < 64) throw new IllegalArgumentException("maxReplyBytes must be >= 64");
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be >= 1");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1");
        if (ioThreads < 1) throw new IllegalArgumentException("ioThreads must be >= 1");
    }

    /** Defaults for a site LAN: 1 s connect, 3 s per request, 64 KiB replies, 256 in flight, 2 attempts. */
    public static FleetClientConfig defaults() {
        return new FleetClientConfig(Duration.ofSeconds(1), Duration.ofSeconds(3), 64 * 1024, 256, 2,
                Duration.ofMillis(100), 2);
    }

    public FleetClientConfig withRequestTimeout(Duration d) {
        return new FleetClientConfig(connectTimeout, d, maxReplyBytes, maxInFlight, maxAttempts, backoff, ioThreads);
    }

    public FleetClientConfig withMaxAttempts(int n) {
        return new FleetClientConfig(connectTimeout, requestTimeout, maxReplyBytes, maxInFlight, n, backoff, ioThreads);
    }

    public FleetClientConfig withMaxInFlight(int n) {
        return new FleetClientConfig(connectTimeout, requestTimeout, maxReplyBytes, n, maxAttempts, backoff, ioThreads);
    }
}
