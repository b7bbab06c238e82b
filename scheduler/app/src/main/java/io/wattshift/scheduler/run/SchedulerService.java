package io.wattshift.scheduler.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.wattshift.engine.Decision;
import io.wattshift.scheduler.http.HttpEndpoints;
import io.wattshift.scheduler.kube.ClusterCache;
import io.wattshift.scheduler.kube.ClusterWriter;
import io.wattshift.scheduler.kube.EventRecorder;
import io.wattshift.scheduler.loop.EnginePlacement;
import io.wattshift.scheduler.loop.SchedulerMetrics;
import io.wattshift.scheduler.loop.SchedulingLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires {@code scheduler run}: the HTTP endpoints start at once (a standby is healthy and ready); on winning the
 * lease the informers start and the scheduling loop is deployed; losing the lease calls {@code exit}.
 */
public final class SchedulerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerService.class);

  /** Settings of one instance. */
  public record Settings(int httpPort, String leaseNamespace, String leaseName, String identity,
      Leadership.Timing timing, Duration resync, Duration statusInterval) {
  }

  private final Vertx vertx;
  private final KubernetesClient client;
  private final PrometheusMeterRegistry registry;
  private final Settings settings;
  private final Clock clock;
  private final Runnable exit;
  private final List<Consumer<Router>> mounts;
  private final Consumer<Decision> mining;
  private final ExecutorService electorThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "wattshift-leader-election"));
  private volatile ClusterCache cache;
  private volatile boolean leading;
  private int httpPort;

  /**
   * @param exit   called when the lease is lost (production: exit the process)
   * @param mounts extra HTTP routes (the telemetry endpoint)
   * @param mining receives the engine's mining decisions on the scheduling context (the mining controller)
   */
  public SchedulerService(Vertx vertx, KubernetesClient client, PrometheusMeterRegistry registry, Settings settings,
      Clock clock, Runnable exit, List<Consumer<Router>> mounts, Consumer<Decision> mining) {
    this.vertx = vertx;
    this.client = client;
    this.registry = registry;
    this.settings = settings;
    this.clock = clock;
    this.exit = exit;
    this.mounts = mounts;
    this.mining = mining;
  }

  /** Starts HTTP and the election; the future completes once HTTP listens. */
  public CompletableFuture<Void> start() {
    return HttpEndpoints.start(vertx, settings.httpPort(), registry, this::ready, mounts)
        .map(server -> {
          httpPort = server.actualPort();
          LOG.info("{} serving /healthz /readyz /metrics on port {}", settings.identity(), httpPort);
          new Leadership(client, electorThread, settings.leaseNamespace(), settings.leaseName(), settings.identity(),
              settings.timing(), this::lead, exit).start();
          return (Void) null;
        }).toCompletionStage().toCompletableFuture();
  }

  /** A standby is ready; a leader once its informers have listed. */
  boolean ready() {
    ClusterCache c = cache;
    return !leading || (c != null && c.synced());
  }

  public boolean leading() {
    return leading;
  }

  public int httpPort() {
    return httpPort;
  }

  private void lead() {
    leading = true;
    SchedulerMetrics metrics = new SchedulerMetrics(registry);
    EnginePlacement placement = new EnginePlacement(clock, mining);
    SchedulingLoop[] loop = new SchedulingLoop[1];
    ClusterCache c = new ClusterCache(client, settings.resync().toMillis(), change -> {
      if (loop[0] != null) {
        loop[0].changed(change);
      }
    });
    loop[0] = new SchedulingLoop(c, placement, new ClusterWriter(client),
        new EventRecorder(client, clock, settings.identity()), metrics, clock, settings.resync(),
        settings.statusInterval());
    cache = c;
    Future<String> deployed = vertx.deployVerticle(loop[0]);
    deployed.onSuccess(id -> c.start().whenComplete((v, e) -> {
      if (e != null) {
        LOG.warn("informers did not all list: {} (they keep retrying)", e.toString());
      } else {
        LOG.info("informers synced; scheduling");
      }
    })).onFailure(e -> {
      LOG.error("could not start the scheduling loop", e);
      exit.run();
    });
  }

  @Override
  public void close() {
    ClusterCache c = cache;
    if (c != null) {
      c.close();
    }
    electorThread.shutdownNow();
  }
}
