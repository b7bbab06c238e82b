package io.wattshift.scheduler.telemetry;

import io.wattshift.engine.model.GpuReading;
import io.wattshift.engine.model.NodeTelemetry;
import io.wattshift.wire.GpuSample;
import io.wattshift.wire.Hello;
import io.wattshift.wire.SampleBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-node telemetry store: the newest sample of every GPU of every node, with per-node staleness after a
 * configurable silence, and the hand-off to the engine.
 *
 * <p>Writers are the telemetry event loops (one node is written by one connection at a time); readers are the
 * scheduling context, status writers and metric scrapes. Each node's state is an immutable
 * {@link NodeTelemetryView} swapped atomically in a concurrent map, so readers never lock and never see half a
 * batch.
 *
 * <p>Hand-off to the engine: the scheduling context calls {@link #drainEngineUpdates()} once per cycle and feeds
 * each result to {@code Engine.updateTelemetry} on its own thread. Updates coalesce: however many batches a node
 * sent since the last drain, the engine gets one update with the newest readings. A node whose GPUs are all lost
 * sends the engine nothing, so it goes stale there and counts at nameplate power.
 */
public final class TelemetryStore implements TelemetrySink {
    private final Clock clock;
    /** The policy's staleTelemetrySeconds: set by the scheduling loop when the policy in force changes. */
    private volatile Duration staleAfter;
    private final Map<String, NodeTelemetryView> nodes = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();

    public TelemetryStore(Clock clock, Duration staleAfter) {
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    /** The staleness threshold the engine uses (the policy's), so the stale-node metric counts the same nodes. */
    public void setStaleAfter(Duration staleAfter) {
        this.staleAfter = java.util.Objects.requireNonNull(staleAfter);
    }

    @Override
    public void connected(Hello hello) {
        nodes.compute(hello.nodeName(), (name, old) -> old == null
                ? new NodeTelemetryView(name, hello, List.of(), null, true, 0)
                : new NodeTelemetryView(name, hello, old.gpus(), old.lastSampleAt(), true, old.samples()));
    }

    @Override
    public void samples(String node, SampleBatch batch) {
        if (batch.samples().isEmpty()) {
            return;
        }
        Instant received = clock.instant();
        nodes.computeIfPresent(node, (name, old) -> merge(old, batch.samples(), received));
        dirty.add(node);
    }

    @Override
    public void disconnected(String node) {
        nodes.computeIfPresent(node, (name, old) ->
                new NodeTelemetryView(name, old.hello(), old.gpus(), old.lastSampleAt(), false, old.samples()));
    }

    /** Forgets a node (deleted from the cluster). */
    public void remove(String node) {
        nodes.remove(node);
        dirty.remove(node);
    }

    public Optional<NodeTelemetryView> node(String node) {
        return Optional.ofNullable(nodes.get(node));
    }

    /** All nodes, in no particular order. */
    public Collection<NodeTelemetryView> nodes() {
        return nodes.values();
    }

    public boolean stale(String node) {
        NodeTelemetryView v = nodes.get(node);
        return v == null || v.stale(clock.instant(), staleAfter);
    }

    public long staleCount() {
        Instant now = clock.instant();
        return nodes.values().stream().filter(v -> v.stale(now, staleAfter)).count();
    }

    /**
     * The newest readings of every node that sent samples since the last call, as engine inputs. Call from the
     * scheduling context only (the one thread that owns the engine).
     */
    public List<NodeTelemetry> drainEngineUpdates() {
        List<NodeTelemetry> updates = new ArrayList<>(dirty.size());
        for (String node : dirty) {
            dirty.remove(node);
            NodeTelemetryView v = nodes.get(node);
            if (v != null && v.lastSampleAt() != null) {
                toEngine(v).ifPresent(updates::add);
            }
        }
        return updates;
    }

    /** The engine's view of a node: GPUs that are lost or report no temperature are left out (they keep their
     *  previous values there); with no usable GPU at all there is no update, and the node goes stale. */
    static Optional<NodeTelemetry> toEngine(NodeTelemetryView v) {
        List<GpuReading> readings = new ArrayList<>(v.gpus().size());
        for (GpuSample s : v.gpus()) {
            if (s.lost() || !GpuSample.present(s.temperatureCelsius())) {
                continue;
            }
            double power = GpuSample.present(s.powerMilliwatts()) ? s.powerMilliwatts() / 1000.0 : 0;
            double limit = GpuSample.present(s.powerLimitMilliwatts()) ? s.powerLimitMilliwatts() / 1000.0 : 0;
            readings.add(new GpuReading(s.gpuIndex(), power, limit, s.temperatureCelsius()));
        }
        return readings.isEmpty() ? Optional.empty() : Optional.of(new NodeTelemetry(v.node(), v.lastSampleAt(), readings));
    }

    private static NodeTelemetryView merge(NodeTelemetryView old, List<GpuSample> samples, Instant received) {
        int size = old.gpus().size();
        for (GpuSample s : samples) {
            size = Math.max(size, s.gpuIndex() + 1);
        }
        GpuSample[] latest = old.gpus().toArray(new GpuSample[size]);
        if (latest.length < size) {
            latest = Arrays.copyOf(latest, size);
        }
        long newest = old.lastSampleAt() == null ? Long.MIN_VALUE : old.lastSampleAt().toEpochMilli();
        for (GpuSample s : samples) {
            GpuSample current = latest[s.gpuIndex()];
            if (current == null || s.timestampMillis() >= current.timestampMillis()) {
                latest[s.gpuIndex()] = s;
            }
            newest = Math.max(newest, s.timestampMillis());
        }
        // a daemon clock ahead of ours must not keep a silent node looking fresh
        Instant lastSampleAt = Instant.ofEpochMilli(Math.min(newest, received.toEpochMilli()));
        List<GpuSample> gpus = new ArrayList<>(size);
        for (GpuSample s : latest) {
            if (s != null) {
                gpus.add(s);
            }
        }
        return new NodeTelemetryView(old.node(), old.hello(), gpus, lastSampleAt, old.connected(),
                old.samples() + samples.size());
    }
}
