package io.wattshift.daemon;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.wattshift.daemon.caps.CapStateFile;
import io.wattshift.daemon.caps.PowerCapController;
import io.wattshift.daemon.http.DaemonHttpServer;
import io.wattshift.daemon.kube.NodeLabeler;
import io.wattshift.daemon.metrics.DaemonMetrics;
import io.wattshift.daemon.nvml.Nvml;
import io.wattshift.daemon.sampling.GpuSampler;
import io.wattshift.daemon.stream.TelemetryStream;
import io.wattshift.wire.CapRequest;
import io.wattshift.wire.CapResult;
import io.wattshift.wire.GpuSample;
import io.wattshift.wire.Hello;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node daemon: samples every GPU each interval, records metrics, streams to the scheduler and applies the caps
 * it asks for.
 *
 * <p>Threads: the verticle's event loop owns the stream, the timer and the metrics updates; every NVML call (samples
 * and caps) runs on one named worker thread, {@code wattshift-nvml}, so driver calls never block the event loop and
 * never interleave; the Node patch runs on {@code wattshift-kube}.
 */
public final class Daemon extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /**
     * Vert.x orders blocking tasks per context across all pools: a Node patch stuck in API server retries would then
     * hold back every NVML sample. Each of our executors has one thread, which already runs its tasks in order.
     */
    private static final boolean UNORDERED = false;
    static final String VERSION = Optional.ofNullable(Daemon.class.getPackage().getImplementationVersion()).orElse("dev");

    private final Nvml nvml;
    private final DaemonConfig config;
    private final PrometheusMeterRegistry registry;
    private final Optional<KubernetesClient> kube;
    private final Clock clock;
    private WorkerExecutor nvmlWorker;
    private GpuSampler sampler;
    private PowerCapController caps;
    private DaemonMetrics metrics;
    private TelemetryStream stream;
    private DaemonHttpServer http;
    private volatile long lastTickMillis;
    private boolean sampling;
    private int httpPort;

    public Daemon(Nvml nvml, DaemonConfig config, PrometheusMeterRegistry registry, Optional<KubernetesClient> kube, Clock clock) {
        this.nvml = nvml;
        this.config = config;
        this.registry = registry;
        this.kube = kube;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        nvmlWorker = vertx.createSharedWorkerExecutor("wattshift-nvml", 1);
        return nvmlWorker.executeBlocking(() -> {
            sampler = new GpuSampler(nvml, clock);
            caps = new PowerCapController(sampler.devices(), sampler.inventory(), new CapStateFile(config.stateFile()), config.capping());
            caps.reapplyPersisted();
            return nvml.driverVersion();
        }, UNORDERED).compose(driver -> {
            LOG.info("node {}: {} GPU(s) {}, driver {}, capping {}", config.nodeName(), sampler.inventory().size(),
                    sampler.inventory().stream().map(g -> g.name()).distinct().toList(), driver, config.capping() ? "on" : "off (read-only)");
            metrics = new DaemonMetrics(registry, sampler.inventory());
            labelNode(driver);
            Hello hello = new Hello(config.nodeName(), VERSION, driver, config.capping(), sampler.inventory());
            config.stream().ifPresent(s -> {
                stream = new TelemetryStream(vertx, s, hello, this::applyCap, metrics);
                stream.start();
            });
            metrics.bind(sampler::readErrors, () -> stream == null ? 0 : stream.buffered(), caps::persistFailures);
            lastTickMillis = clock.millis();
            tick();
            vertx.setPeriodic(config.sampleInterval().toMillis(), id -> tick());
            http = new DaemonHttpServer(vertx, registry, this::unhealthyReason);
            return http.listen(config.metricsHost(), config.metricsPort());
        }).onSuccess(port -> httpPort = port);
    }

    /** The bound /metrics port (useful with port 0). */
    public int httpPort() {
        return httpPort;
    }

    /** Applies a cap on the NVML worker; completes on the event loop. */
    Future<CapResult> applyCap(CapRequest request) {
        return nvmlWorker.executeBlocking(() -> caps.apply(request), UNORDERED);
    }

    private void tick() {
        if (sampling) {
            return; // the driver is slower than the interval: skip rather than queue ticks up
        }
        sampling = true;
        nvmlWorker.executeBlocking(sampler::sampleAll, UNORDERED).onComplete(ar -> {
            sampling = false;
            if (ar.failed()) {
                LOG.error("sampling failed: {}", ar.cause().toString());
                return;
            }
            List<GpuSample> tick = ar.result();
            lastTickMillis = clock.millis();
            metrics.record(tick);
            if (stream != null) {
                stream.offer(tick);
            }
        });
    }

    private String unhealthyReason() {
        long silence = clock.millis() - lastTickMillis;
        long allowed = Math.max(3 * config.sampleInterval().toMillis(), 5_000);
        return silence > allowed ? "no NVML sample for " + silence + " ms" : null;
    }

    private void labelNode(String driver) {
        if (!config.labelNode() || kube.isEmpty()) {
            return;
        }
        WorkerExecutor kubeWorker = vertx.createSharedWorkerExecutor("wattshift-kube", 1);
        kubeWorker.executeBlocking(() -> new NodeLabeler(kube.get())
                        .label(config.nodeName(), sampler.inventory(), driver, config.capping()), UNORDERED)
                .onSuccess(n -> LOG.info("labelled node {} with its GPUs", config.nodeName()))
                // telemetry is still worth sending without labels; the scheduler then learns nameplate from Hello
                .onFailure(e -> LOG.error("could not label node {}: {}", config.nodeName(), e.toString()))
                .eventually(kubeWorker::close);
    }

    @Override
    public Future<?> stop() {
        Future<Void> s = stream == null ? Future.succeededFuture() : stream.close();
        return s.eventually(() -> http == null ? Future.succeededFuture() : http.close())
                .eventually(() -> nvmlWorker.close());
    }
}
