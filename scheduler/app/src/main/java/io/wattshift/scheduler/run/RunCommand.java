package io.wattshift.scheduler.run;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.wattshift.api.WattshiftApi;
import io.wattshift.engine.model.Policy;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.scheduler.BuildVersion;
import io.wattshift.scheduler.LogOptions;
import io.wattshift.scheduler.http.ServerTls;
import io.wattshift.scheduler.telemetry.TelemetryEndpoint;
import io.wattshift.scheduler.telemetry.TelemetryMetrics;
import io.wattshift.scheduler.telemetry.TelemetryStore;
import io.wattshift.scheduler.telemetry.TokenReviewValidator;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code scheduler run}: schedule against the cluster of the kubeconfig or the in-cluster service account. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
    description = "Run the scheduler against a cluster (kubeconfig, or the in-cluster service account).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:stopped cleanly",
        "1:the HTTP server did not start, or this instance lost the leader Lease (Kubernetes restarts it as a "
            + "standby)",
        "2:usage error: a bad option, half a TLS pair, an unreadable --kubeconfig",
        "143:stopped by SIGTERM (pod deletion, rolling update): the normal way out"},
    footerHeading = "%nEnvironment:%n",
    // Keep in step with the ${env:...} defaults below (RunCommandHelpTest checks it).
    footer = {
        "  POD_NAME                 --identity (the chart sets it from the downward API)",
        "  POD_NAMESPACE            --lease-namespace, and where the daemons' ServiceAccount lives",
        "  WATTSHIFT_TLS_CERT_FILE  --tls-cert-file",
        "  WATTSHIFT_TLS_KEY_FILE   --tls-key-file",
        "  WATTSHIFT_LOG_LEVEL      --log-level",
        "  WATTSHIFT_LOG_FORMAT     --log-format",
        "  KUBECONFIG               without --kubeconfig: the kubeconfig file(s), colon-separated; then",
        "                           ~/.kube/config; then the in-cluster service account",
        "  KUBERNETES_SERVICE_HOST  in-cluster: the API server (set by Kubernetes in every pod), with",
        "  KUBERNETES_SERVICE_PORT  the service account token and CA under",
        "                           /var/run/secrets/kubernetes.io/serviceaccount",
        "  JAVA_TOOL_OPTIONS        JVM options (heap: the chart's scheduler.javaOpts)"})
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Spec
  CommandSpec spec;

  @Mixin
  LogOptions logging;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "kubeconfig file of the cluster to schedule (its current context). Default: KUBECONFIG, "
          + "~/.kube/config, else the in-cluster service account.")
  Path kubeconfig;

  @Option(names = "--http-port", defaultValue = "8080", description = "Port of /healthz, /readyz, /metrics and the daemons' telemetry stream (default ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--tls-cert-file", defaultValue = "${env:WATTSHIFT_TLS_CERT_FILE}",
      description = "PEM certificate chain (tls.crt of a kubernetes.io/tls Secret): serve HTTPS/WSS on --http-port. Needs --tls-key-file. Checked at start-up; a renewed pair in the same files is served without a restart (checked every 30 s).")
  Path tlsCertFile;

  @Option(names = "--tls-key-file", defaultValue = "${env:WATTSHIFT_TLS_KEY_FILE}",
      description = "PEM private key (tls.key, unencrypted) of --tls-cert-file.")
  Path tlsKeyFile;

  @Option(names = "--lease-namespace", defaultValue = "${env:POD_NAMESPACE:-wattshift-system}",
      description = "Namespace of the leader-election Lease (default ${DEFAULT-VALUE}).")
  String leaseNamespace;

  @Option(names = "--lease-name", defaultValue = "wattshift-scheduler", description = "Name of the Lease (default ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(names = "--identity", defaultValue = "${env:POD_NAME}", description = "This instance's name in the Lease (default: POD_NAME, else host name and a random suffix).")
  String identity;

  @Option(names = "--lease-duration", defaultValue = "10s", converter = DurationConverter.class, description = "Lease duration (default ${DEFAULT-VALUE}).")
  Duration leaseDuration;

  @Option(names = "--renew-deadline", defaultValue = "8s", converter = DurationConverter.class, description = "Renew deadline (default ${DEFAULT-VALUE}).")
  Duration renewDeadline;

  @Option(names = "--retry-period", defaultValue = "2s", converter = DurationConverter.class, description = "Election retry period (default ${DEFAULT-VALUE}).")
  Duration retryPeriod;

  @Option(names = "--resync", defaultValue = "30s", converter = DurationConverter.class, description = "Safety-net resync period (default ${DEFAULT-VALUE}).")
  Duration resync;

  @Option(names = "--status-interval", defaultValue = "5s", converter = DurationConverter.class, description = "How often Hall/Site status is refreshed (default ${DEFAULT-VALUE}).")
  Duration statusInterval;

  @Option(names = "--daemon-service-account", defaultValue = "wattshift-node-daemon",
      description = "ServiceAccount (in the lease namespace) whose tokens node daemons stream telemetry with (default ${DEFAULT-VALUE}).")
  String daemonServiceAccount;

  @Option(names = "--daemon-token-audience", defaultValue = "wattshift-scheduler",
      description = "Audience the daemons' projected tokens carry (default ${DEFAULT-VALUE}).")
  String daemonTokenAudience;


  @Override
  public Integer call() throws Exception {
    Optional<ServerTls> tls;
    try {
      tls = ServerTls.fromFlags(tlsCertFile, tlsKeyFile);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    tls.ifPresent(t -> describe(t.leafCertificate()));
    String id = identity != null && !identity.isBlank() ? identity
        : InetAddress.getLocalHost().getHostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig()).build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.vertx();
    WattshiftApi.KINDS.forEach(client.getKubernetesSerialization()::registerKubernetesResource);
    CountDownLatch stopped = new CountDownLatch(1);
    Clock clock = Clock.systemUTC();
    // One staleness threshold: the PowerPolicy's staleTelemetrySeconds (engine default until one is in force).
    TelemetryStore telemetry = new TelemetryStore(clock, Policy.defaults().telemetryStaleAfter());
    // Only the leader takes telemetry streams (the endpoint refuses a standby's with 503 until it leads). The standby
    // still answers /readyz true: the PDB and rolling updates need a ready standby, and the daemons' retries reach
    // the leader through the Service within a few tries anyway.
    AtomicReference<SchedulerService> self = new AtomicReference<>();
    InstanceMetrics instance = new InstanceMetrics(registry, BuildVersion.version(),
        () -> self.get() != null && self.get().leading());
    TelemetryEndpoint endpoint = new TelemetryEndpoint(vertx, () -> self.get() != null && self.get().leading(),
        new TokenReviewValidator(client, vertx.createSharedWorkerExecutor("wattshift-tokenreview", 2),
            List.of(daemonTokenAudience), leaseNamespace, daemonServiceAccount, clock, Duration.ofMinutes(5)),
        telemetry, new TelemetryMetrics(registry, telemetry, clock));
    SchedulerService.Hooks hooks = new SchedulerService.Hooks(List.of(endpoint::mount),
        cap -> endpoint.setPowerCap(cap.node(), cap.gpu(), Math.round(cap.watts() * 1000))
            .onFailure(e -> LOG.warn("power cap {} gpu {} -> {} W not applied: {}", cap.node(), cap.gpu(), cap.watts(),
                e.getMessage())),
        telemetry::drainEngineUpdates,
        new MiningWiring(client, vertx, new MinerMetrics(registry), clock, leaseNamespace, Duration.ofSeconds(5)),
        telemetry::setStaleAfter);
    SchedulerService service = new SchedulerService(vertx, client, registry,
        new SchedulerService.Settings(httpPort, tls, leaseNamespace, leaseName, id,
            new Leadership.Timing(leaseDuration, renewDeadline, retryPeriod), resync, statusInterval),
        clock, () -> {
          // Losing the lease ends the process: Kubernetes restarts it clean, as a standby.
          LOG.error("leadership lost; exiting");
          Runtime.getRuntime().halt(1);
        }, hooks);
    self.set(service);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // In order: the loop drains its writes (service.close waits), Vert.x stops, and only then the client closes.
      service.close();
      instance.close();
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Vert.x did not close cleanly: {}", e.toString());
      }
      client.close();
      stopped.countDown();
    }, "wattshift-shutdown"));
    try {
      service.start().get();
    } catch (ExecutionException e) {
      LOG.error("the HTTP server did not start on port {}{}: {}", httpPort, tls.isPresent() ? " (TLS)" : "",
          e.getCause().toString());
      return 1;
    }
    stopped.await();
    return 0;
  }

  /**
   * The cluster to talk to: {@code --kubeconfig}, else fabric8's discovery (KUBECONFIG, ~/.kube/config, in-cluster).
   * A named file that is missing or not a kubeconfig is a usage error, before anything starts.
   */
  Config clientConfig() {
    if (kubeconfig == null) {
      return Config.autoConfigure(null);
    }
    if (!Files.isRegularFile(kubeconfig) || !Files.isReadable(kubeconfig)) {
      throw new ParameterException(spec.commandLine(), "--kubeconfig " + kubeconfig + ": no such readable file");
    }
    Config config;
    try {
      config = Config.fromKubeconfig(kubeconfig.toFile());
    } catch (KubernetesClientException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--kubeconfig " + kubeconfig + ": not a kubeconfig: "
          + e.getMessage());
    }
    if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
      throw new ParameterException(spec.commandLine(), "--kubeconfig " + kubeconfig
          + ": names no cluster server for its current context");
    }
    return config;
  }

  /** Which names daemons may use for this certificate: the first thing to check when their handshakes fail. */
  private static void describe(X509Certificate cert) {
    List<String> names;
    try {
      names = cert.getSubjectAlternativeNames() == null ? List.of()
          : cert.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList();
    } catch (CertificateParsingException e) {
      names = List.of("unreadable: " + e.getMessage());
    }
    LOG.info("TLS certificate {} for names {}, issued by {}, valid until {}", cert.getSubjectX500Principal().getName(),
        names, cert.getIssuerX500Principal().getName(), cert.getNotAfter().toInstant());
  }
}
