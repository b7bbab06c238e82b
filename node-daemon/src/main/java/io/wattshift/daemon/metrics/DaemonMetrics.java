package io.wattshift.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.wattshift.daemon.nvml.ClocksEventReason;
import io.wattshift.wire.CapResult;
import io.wattshift.wire.GpuInventory;
import io.wattshift.wire.GpuSample;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The node daemon's Prometheus metrics (one holder for the component; the registry is built in main).
 *
 * <p>Per GPU, tagged {@code gpu} (index), {@code uuid}, {@code model}; meanings follow dcgm-exporter with our
 * prefix and the unit in the name: {@code wattshift_gpu_power_watts} (DCGM_FI_DEV_POWER_USAGE),
 * {@code wattshift_gpu_energy_joules_total} (DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION, in J not mJ),
 * {@code wattshift_gpu_temperature_celsius} (DCGM_FI_DEV_GPU_TEMP), {@code wattshift_gpu_utilization_ratio}
 * (DCGM_FI_DEV_GPU_UTIL / 100), {@code wattshift_gpu_memory_utilization_ratio}, {@code wattshift_gpu_memory_used_bytes},
 * {@code wattshift_gpu_memory_total_bytes} (DCGM_FI_DEV_FB_USED/FB_TOTAL in bytes, not MiB),
 * {@code wattshift_gpu_power_limit_watts} (DCGM_FI_DEV_ENFORCED_POWER_LIMIT), {@code wattshift_gpu_power_limit_min_watts},
 * {@code ..._default_watts}, {@code ..._max_watts}, {@code wattshift_gpu_throttle_reasons} (the NVML bit mask, as
 * DCGM_FI_DEV_CLOCK_THROTTLE_REASONS) and {@code wattshift_gpu_throttle_active{reason}} (0/1 per decoded bit),
 * {@code wattshift_gpu_lost} (1 when the GPU fell off the bus).
 *
 * <p>A reading the GPU does not support has no series at all (absent, not zero); a reading that disappears later
 * reads NaN. Daemon health: {@code wattshift_daemon_samples_total}, {@code wattshift_daemon_nvml_read_errors_total},
 * {@code wattshift_daemon_stream_connected}, {@code wattshift_daemon_stream_reconnects_total},
 * {@code wattshift_daemon_stream_failures_total{reason}} ({@code tls}: handshake refused, e.g. an untrusted CA or a
 * host name not in the certificate; {@code rejected}: the scheduler answered with an error status; {@code network}),
 * {@code wattshift_daemon_buffered_samples}, {@code wattshift_daemon_dropped_samples_total},
 * {@code wattshift_daemon_cap_requests_total{outcome}}, {@code wattshift_daemon_cap_persist_failures_total}.
 *
 * <p>Threading: {@link #record} from one thread at a time; scrapes read volatile values from any thread.
 */
public final class DaemonMetrics {
    public static final String STREAM_FAILURE_TLS = "tls";
    public static final String STREAM_FAILURE_REJECTED = "rejected";
    public static final String STREAM_FAILURE_NETWORK = "network";

    private final MeterRegistry registry;
    private final Map<Integer, GpuGauges> gpus = new HashMap<>();
    private final Counter samples;
    private final AtomicLong connected = new AtomicLong();
    private final Counter reconnects;
    private final Counter dropped;
    private final Map<String, Counter> streamFailures = new HashMap<>();
    private final Map<CapResult.Outcome, Counter> capRequests = new EnumMap<>(CapResult.Outcome.class);
    private List<LongSupplier> bound = List.of();

    public DaemonMetrics(MeterRegistry registry, List<GpuInventory> inventory) {
        this.registry = registry;
        for (GpuInventory g : inventory) {
            GpuGauges gauges = new GpuGauges(registry, Tags.of("gpu", Integer.toString(g.index()), "uuid", g.uuid(), "model", g.name()));
            gauges.set("wattshift.gpu.power.limit.min.watts", milli(g.minPowerLimitMilliwatts()));
            gauges.set("wattshift.gpu.power.limit.default.watts", milli(g.defaultPowerLimitMilliwatts()));
            gauges.set("wattshift.gpu.power.limit.max.watts", milli(g.maxPowerLimitMilliwatts()));
            gauges.set("wattshift.gpu.slowdown.temperature.celsius", whole(g.slowdownTemperatureCelsius()));
            gauges.set("wattshift.gpu.memory.total.bytes", whole(g.memoryTotalBytes()));
            gpus.put(g.index(), gauges);
        }
        samples = Counter.builder("wattshift.daemon.samples").description("GPU samples taken").register(registry);
        Gauge.builder("wattshift.daemon.stream.connected", connected, AtomicLong::get)
                .description("1 while the telemetry stream to the scheduler is open").register(registry);
        reconnects = Counter.builder("wattshift.daemon.stream.reconnects").description("telemetry stream connection attempts after a failure").register(registry);
        dropped = Counter.builder("wattshift.daemon.dropped.samples").description("samples dropped because the buffer was full").register(registry);
        for (String reason : List.of(STREAM_FAILURE_TLS, STREAM_FAILURE_REJECTED, STREAM_FAILURE_NETWORK)) {
            streamFailures.put(reason, Counter.builder("wattshift.daemon.stream.failures").tag("reason", reason)
                    .description("telemetry stream connection attempts that failed, by reason").register(registry));
        }
        for (CapResult.Outcome o : CapResult.Outcome.values()) {
            capRequests.put(o, Counter.builder("wattshift.daemon.cap.requests").tag("outcome", o.name().toLowerCase())
                    .description("power cap requests by outcome").register(registry));
        }
    }

    /** Binds counters and gauges whose values live elsewhere (read at scrape time). */
    public void bind(LongSupplier nvmlReadErrors, LongSupplier bufferedSamples, LongSupplier capPersistFailures) {
        // meters hold their state weakly: keep the suppliers reachable from this holder
        bound = List.of(nvmlReadErrors, bufferedSamples, capPersistFailures);
        FunctionCounter.builder("wattshift.daemon.nvml.read.errors", nvmlReadErrors, s -> s.getAsLong())
                .description("NVML readings that failed (other than NOT_SUPPORTED)").register(registry);
        Gauge.builder("wattshift.daemon.buffered.samples", bufferedSamples, s -> s.getAsLong())
                .description("samples waiting to be sent to the scheduler").strongReference(true).register(registry);
        FunctionCounter.builder("wattshift.daemon.cap.persist.failures", capPersistFailures, s -> s.getAsLong())
                .description("caps applied but not written to the state file").register(registry);
    }

    /** Updates the per-GPU series from one tick's samples. */
    public void record(List<GpuSample> tick) {
        for (GpuSample s : tick) {
            GpuGauges g = gpus.get(s.gpuIndex());
            if (g == null) {
                continue;
            }
            g.set("wattshift.gpu.lost", s.lost() ? 1 : 0);
            g.set("wattshift.gpu.power.watts", milli(s.powerMilliwatts()));
            g.energy(milli(s.energyMillijoules()));
            g.set("wattshift.gpu.temperature.celsius", whole(s.temperatureCelsius()));
            g.set("wattshift.gpu.utilization.ratio", percent(s.gpuUtilizationPercent()));
            g.set("wattshift.gpu.memory.utilization.ratio", percent(s.memoryUtilizationPercent()));
            g.set("wattshift.gpu.memory.used.bytes", whole(s.memoryUsedBytes()));
            g.set("wattshift.gpu.power.limit.watts", milli(s.powerLimitMilliwatts()));
            g.set("wattshift.gpu.throttle.reasons", whole(s.clocksEventReasons()));
            for (ClocksEventReason r : ClocksEventReason.values()) {
                g.throttle(r, s.clocksEventReasons() < 0 ? Double.NaN : (r.isSet(s.clocksEventReasons()) ? 1 : 0));
            }
        }
        samples.increment(tick.size());
    }

    public void connected(boolean open) {
        connected.set(open ? 1 : 0);
    }

    /** One failed connection attempt; {@code reason} is one of the {@code STREAM_FAILURE_*} constants. */
    public void streamFailure(String reason) {
        streamFailures.get(reason).increment();
    }

    public void reconnectAttempt() {
        reconnects.increment();
    }

    public void droppedSamples(int count) {
        dropped.increment(count);
    }

    public void capResult(CapResult result) {
        capRequests.get(result.outcome()).increment();
    }

    private static double milli(long value) {
        return value < 0 ? Double.NaN : value / 1000.0;
    }

    private static double whole(long value) {
        return value < 0 ? Double.NaN : value;
    }

    private static double percent(long value) {
        return value < 0 ? Double.NaN : value / 100.0;
    }

    /** The series of one GPU, each registered when its first real value arrives (absent: no series at all). */
    private static final class GpuGauges {
        private static final String ENERGY = "wattshift.gpu.energy.joules";
        private static final String THROTTLE = "wattshift.gpu.throttle.active";

        private final MeterRegistry registry;
        private final Tags tags;
        private final Map<String, Value> values = new HashMap<>();

        GpuGauges(MeterRegistry registry, Tags tags) {
            this.registry = registry;
            this.tags = tags;
        }

        void set(String name, double value) {
            update(name, value, v -> Gauge.builder(name, v, Value::get).tags(tags).register(registry));
        }

        void energy(double joules) {
            update(ENERGY, joules, v -> FunctionCounter.builder(ENERGY, v, Value::get).tags(tags)
                    .description("energy since the driver loaded").register(registry));
        }

        void throttle(ClocksEventReason reason, double active) {
            update(THROTTLE + "/" + reason.label(), active, v -> Gauge.builder(THROTTLE, v, Value::get).tags(tags)
                    .tag("reason", reason.label()).register(registry));
        }

        private void update(String key, double value, Consumer<Value> register) {
            Value v = values.get(key);
            if (v == null) {
                if (Double.isNaN(value)) {
                    return;
                }
                v = new Value();
                register.accept(v);
                values.put(key, v);
            }
            v.value = value;
        }
    }

    private static final class Value {
        volatile double value;

        double get() {
            return value;
        }
    }
}
