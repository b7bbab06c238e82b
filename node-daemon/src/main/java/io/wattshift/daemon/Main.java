package io.wattshift.daemon;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.wattshift.daemon.caps.Privileges;
import io.wattshift.daemon.nvml.Nvml;
import io.wattshift.daemon.nvml.NvmlUnavailableException;
import io.wattshift.daemon.stream.StreamConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wattshift-node-daemon}: the per-node NVML agent. Flags fall back to environment variables. */
@Command(name = "wattshift-node-daemon", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Samples NVIDIA GPUs through NVML, streams telemetry to the Wattshift scheduler, applies its power caps, serves /metrics.")
public final class Main implements Callable<Integer> {
    @Option(names = "--node-name", defaultValue = "${env:NODE_NAME}", description = "Kubernetes node name (env NODE_NAME, downward API spec.nodeName)")
    String nodeName;

    @Option(names = "--scheduler-url", defaultValue = "${env:WATTSHIFT_SCHEDULER_URL}",
            description = "Scheduler base URL, https://host:port (wss://) or http://host:port; empty: metrics only, no streaming."
                    + " http:// to a host other than loopback needs --allow-insecure-stream")
    String schedulerUrl;

    @Option(names = "--token-file", defaultValue = "/var/run/secrets/kubernetes.io/serviceaccount/token",
            description = "ServiceAccount token presented to the scheduler (re-read on every connect)")
    Path tokenFile;

    @Option(names = {"--scheduler-ca-file", "--scheduler-ca"}, defaultValue = "${env:WATTSHIFT_SCHEDULER_CA_FILE}",
            description = "PEM CA bundle trusted for an https:// scheduler URL (default: the JVM's trust store);"
                    + " the URL's host must be in the scheduler certificate's SANs")
    Path schedulerCa;

    @Option(names = "--allow-insecure-stream", arity = "0..1", defaultValue = "${env:WATTSHIFT_ALLOW_INSECURE_STREAM:-false}",
            description = "Allow an http:// scheduler URL to a host other than loopback: the ServiceAccount token then"
                    + " crosses the network in clear text (only where a service mesh or an encrypting CNI protects it)")
    boolean allowInsecureStream;

    @Option(names = "--sample-interval", defaultValue = "${env:WATTSHIFT_SAMPLE_INTERVAL:-1s}", converter = DurationConverter.class,
            description = "NVML sampling period, e.g. 1s, 500ms, PT2S (default ${DEFAULT-VALUE})")
    Duration sampleInterval;

    @Option(names = "--buffer", defaultValue = "5m", converter = DurationConverter.class,
            description = "Telemetry kept while the scheduler is unreachable (default ${DEFAULT-VALUE})")
    Duration buffer;

    @Option(names = "--metrics-host", defaultValue = "0.0.0.0")
    String metricsHost;

    @Option(names = "--metrics-port", defaultValue = "${env:WATTSHIFT_METRICS_PORT:-9400}", description = "Port of /metrics and /healthz")
    int metricsPort;

    @Option(names = "--capping", arity = "1", defaultValue = "${env:WATTSHIFT_CAPPING:-true}",
            description = "Apply the scheduler's power caps (needs root or CAP_SYS_ADMIN); false: read-only telemetry")
    boolean capping;

    @Option(names = "--state-file", defaultValue = "${env:WATTSHIFT_STATE_FILE:-/var/lib/wattshift/power-caps.properties}",
            description = "Where desired caps persist across restarts")
    Path stateFile;

    @Option(names = "--label-node", arity = "1", defaultValue = "true", description = "Label/annotate the Node with its GPUs at start-up")
    boolean labelNode;

    @Option(names = "--nvml-library", defaultValue = "${env:WATTSHIFT_NVML_LIBRARY}",
            description = "NVML library name or path (default " + Nvml.DEFAULT_LIBRARY + ")")
    String nvmlLibrary;

    @Option(names = "--once", description = "Print one reading of every GPU and exit (GPU check)")
    boolean once;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Nvml nvml;
        try {
            nvml = Nvml.open(Optional.ofNullable(nvmlLibrary));
        } catch (NvmlUnavailableException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (once) {
            try (nvml) {
                GpuReport.print(nvml, new PrintWriter(System.out, true));
            }
            return 0;
        }
        if (capping && Privileges.canSetPowerLimits().filter(can -> !can).isPresent()) {
            LoggerFactory.getLogger(Main.class).warn("capping is on but this process lacks CAP_SYS_ADMIN: NVML will refuse every"
                    + " power limit (run as root with CAP_SYS_ADMIN, or use --capping=false for read-only telemetry)");
        }
        int gpus = nvml.deviceCount();
        DaemonConfig config;
        try {
            Optional<StreamConfig> stream = Optional.ofNullable(schedulerUrl).filter(s -> !s.isBlank())
                    .map(url -> new StreamConfig(URI.create(url), tokenFile, Optional.ofNullable(schedulerCa),
                            Duration.ofSeconds(1), Duration.ofSeconds(30),
                            (int) Math.max(gpus, buffer.toMillis() / sampleInterval.toMillis() * Math.max(gpus, 1)),
                            Duration.ofSeconds(10), allowInsecureStream));
            config = new DaemonConfig(nodeName, stream, sampleInterval, metricsHost, metricsPort, capping, stateFile, labelNode);
        } catch (IllegalArgumentException e) {
            nvml.close();
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        }

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Optional<KubernetesClient> kube = labelNode ? Optional.of(new KubernetesClientBuilder().build()) : Optional.empty();
        // two event loops are plenty for one socket and one HTTP port; keeps the footprint small on every GPU node
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            kube.ifPresent(KubernetesClient::close);
            nvml.close();
            stopped.countDown();
        }, "wattshift-shutdown"));
        try {
            Daemon daemon = new Daemon(nvml, config, registry, kube, Clock.systemUTC());
            vertx.deployVerticle(daemon).await(60, TimeUnit.SECONDS);
            System.err.println("wattshift node daemon serving /metrics and /healthz on port " + daemon.httpPort());
        } catch (Exception e) {
            System.err.println("start-up failed: " + e);
            return 1;
        }
        stopped.await();
        return 0;
    }

    /** Accepts ISO-8601 (PT1S) and the short forms Kubernetes users write: 500ms, 1s, 2m, 1h. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.trim());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            try {
                return Duration.parse(value.trim());
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (use e.g. 500ms, 1s, 2m or PT1S)");
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"wattshift-node-daemon " + Daemon.VERSION};
        }
    }
}
