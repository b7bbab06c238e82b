package io.wattshift.scheduler.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Metrics of the scheduler's telemetry ingest (one holder for the component; the registry is built in main).
 *
 * <ul>
 *   <li>{@code wattshift_telemetry_age_seconds{node}}: age of the node's newest GPU sample (the chart's
 *       WattshiftTelemetryStale alert); NaN before the first sample</li>
 *   <li>{@code wattshift_telemetry_node_gpu_power_watts{node}}: the node's GPUs' current draw</li>
 *   <li>{@code wattshift_telemetry_stale_nodes}: nodes whose telemetry is stale (counted at nameplate)</li>
 *   <li>{@code wattshift_telemetry_connected_daemons}: open daemon streams</li>
 *   <li>{@code wattshift_telemetry_samples_total}: GPU samples ingested</li>
 *   <li>{@code wattshift_telemetry_rejected_connections_total{reason}}: unauthenticated, forbidden, bad_hello,
 *       validation_error</li>
 *   <li>{@code wattshift_telemetry_streams_refused_total{reason}}: not_leader (a standby turns streams away; the
 *       daemon retries and reaches the leader). Routine, unlike the rejections above, which are faults</li>
 *   <li>{@code wattshift_telemetry_bad_frames_total}: frames that were not valid wire messages</li>
 *   <li>{@code wattshift_telemetry_cap_requests_total{outcome}}: applied, rejected, failed, timeout, not_connected</li>
 * </ul>
 * Tags are bounded: {@code node} by the cluster's nodes, the others by the fixed sets above. Thread-safe.
 */
public final class TelemetryMetrics {
    private final MeterRegistry registry;
    private final TelemetryStore store;
    private final Clock clock;
    private final Counter samples;
    private final Counter badFrames;
    private final AtomicInteger connected = new AtomicInteger();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Counter> caps = new ConcurrentHashMap<>();
    private final Map<String, Boolean> nodesWithGauges = new ConcurrentHashMap<>();

    public TelemetryMetrics(MeterRegistry registry, TelemetryStore store, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.clock = clock;
        samples = Counter.builder("wattshift.telemetry.samples").description("GPU samples ingested").register(registry);
        badFrames = Counter.builder("wattshift.telemetry.bad.frames").description("frames that were not valid wire messages").register(registry);
        Gauge.builder("wattshift.telemetry.connected.daemons", connected, AtomicInteger::get)
                .description("open node daemon streams").register(registry);
        Gauge.builder("wattshift.telemetry.stale.nodes", store, TelemetryStore::staleCount)
                .description("nodes whose telemetry is stale (counted at nameplate power)").register(registry);
        refusedCounter("not_leader"); // present at 0 on every replica, so rate() works from the start
    }

    /** Registers the per-node gauges the first time a node says hello. */
    public void node(String node) {
        if (nodesWithGauges.putIfAbsent(node, Boolean.TRUE) != null) {
            return;
        }
        Gauge.builder("wattshift.telemetry.age.seconds", store, s -> s.node(node)
                        .flatMap(v -> v.age(clock.instant())).map(d -> d.toMillis() / 1000.0).orElse(Double.NaN))
                .tag("node", node).description("age of the node's newest GPU sample").register(registry);
        Gauge.builder("wattshift.telemetry.node.gpu.power.watts", store, s -> s.node(node)
                        .map(NodeTelemetryView::gpuPowerWatts).orElse(Double.NaN))
                .tag("node", node).description("current draw of the node's GPUs").register(registry);
    }

    public void samples(int count) {
        samples.increment(count);
    }

    public void badFrame() {
        badFrames.increment();
    }

    public void opened() {
        connected.incrementAndGet();
    }

    public void closed() {
        connected.decrementAndGet();
    }

    public void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> Counter.builder("wattshift.telemetry.rejected.connections").tag("reason", r)
                .description("daemon connections refused").register(registry)).increment();
    }

    /** A stream this instance will not take now (reason: not_leader). */
    public void refused(String reason) {
        refusedCounter(reason).increment();
    }

    private Counter refusedCounter(String reason) {
        return refused.computeIfAbsent(reason, r -> Counter.builder("wattshift.telemetry.streams.refused").tag("reason", r)
                .description("daemon streams this instance would not take (a standby)").register(registry));
    }

    public void capRequest(String outcome) {
        caps.computeIfAbsent(outcome, o -> Counter.builder("wattshift.telemetry.cap.requests").tag("outcome", o)
                .description("power cap requests sent to daemons, by outcome").register(registry)).increment();
    }
}
