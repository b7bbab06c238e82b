package io.wattshift.scheduler.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.wattshift.engine.Decision;
import io.wattshift.engine.model.NodeTelemetry;
import io.wattshift.scheduler.http.HttpEndpoints;
import io.wattshift.scheduler.http.ServerTls;
import io.wattshift.scheduler.kube.ClusterCache;
import io.wattshift.scheduler.kube.ClusterWriter;
import io.wattshift.scheduler.kube.EventRecorder;
import io.wattshift.scheduler.loop.EnginePlacement;
import io.wattshift.scheduler.loop.SchedulerMetrics;
import io.wattshift.scheduler.loop.SchedulingLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires {@code scheduler run}: the HTTP endpoints start at once (a standby is healthy and ready); on winning the
 * lease the informers start and the scheduling loop is deployed; losing the lease calls {@code exit}.
 */
public final class SchedulerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerService.class);

  /**
   * Settings of one instance.
   *
   * @param tls the HTTP server's TLS key pair; empty: plain HTTP
   */
  public record Settings(int httpPort, Optional<ServerTls> tls, String leaseNamespace, String leaseName, String identity,
      Leadership.Timing timing, Duration resync, Duration statusInterval) {
  }

  private final Vertx vertx;
  private final KubernetesClient client;
  private final PrometheusMeterRegistry registry;
  private final Settings settings;
  private final Clock clock;
  private final Runnable exit;
  private final Hooks hooks;
  private final ExecutorService electorThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "wattshift-leader-election"));
  private volatile ClusterCache cache;
  private volatile String loopDeployment;
  private volatile boolean leading;
  private int httpPort;

  /**
   * The other components around the loop.
   *
   * @param mounts    extra HTTP routes (the telemetry endpoint)
   * @param powerCaps where the engine's GPU power caps go (the telemetry endpoint)
   * @param telemetry node telemetry for the engine, drained each cycle on the scheduling context
   * @param mining    builds the mining side once leading (null: mining decisions are only logged)
   * @param staleAfter told the policy's telemetry staleness (the telemetry store's threshold follows it)
   */
  record Hooks(List<Consumer<Router>> mounts, Consumer<Decision.SetPowerCap> powerCaps,
      Supplier<List<NodeTelemetry>> telemetry, MiningWiring mining, Consumer<java.time.Duration> staleAfter) {
    static Hooks none() {
      return new Hooks(List.of(), cap -> { }, List::of, null, d -> { });
    }
  }

  /** @param exit called when the lease is lost (production: exit the process) */
  SchedulerService(Vertx vertx, KubernetesClient client, PrometheusMeterRegistry registry, Settings settings,
      Clock clock, Runnable exit, Hooks hooks) {
    this.vertx = vertx;
    this.client = client;
    this.registry = registry;
    this.settings = settings;
    this.clock = clock;
    this.exit = exit;
    this.hooks = hooks;
  }

  /** Starts HTTP and the election; the future completes once HTTP listens. */
  public CompletableFuture<Void> start() {
    return HttpEndpoints.start(vertx, settings.httpPort(), settings.tls(), registry, this::ready, hooks.mounts())
        .map(server -> {
          httpPort = server.actualPort();
          LOG.info("{} serving /healthz /readyz /metrics and the telemetry stream on port {} ({})", settings.identity(),
              httpPort, settings.tls().map(t -> "TLS, " + t.certFile()).orElse("plain HTTP"));
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
    AtomicReference<Consumer<Decision>> mining = new AtomicReference<>(
        d -> LOG.info("mining decision with no fleet controller (yet): {}", d));
    EnginePlacement placement = new EnginePlacement(clock,
        new EnginePlacement.Adapters(d -> mining.get().accept(d), hooks.powerCaps(), hooks.telemetry(),
            hooks.staleAfter()));
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
    Future<String> deployed = vertx.deployVerticle(loop[0], SchedulingLoop.deploymentOptions());
    deployed.onSuccess(id -> loopDeployment = id).onSuccess(id -> c.start().whenComplete((v, e) -> {
      if (e != null) {
        LOG.warn("informers did not all list: {} (they keep retrying)", e.toString());
      } else {
        LOG.info("informers synced; scheduling");
      }
      if (hooks.mining() != null) {
        try {
          mining.set(hooks.mining().start(placement.engine(), loop[0].executor(), c));
        } catch (RuntimeException failure) {
          LOG.error("mining could not start; AI scheduling goes on without it", failure);
        }
      }
    })).onFailure(e -> {
      LOG.error("could not start the scheduling loop", e);
      exit.run();
    });
  }

  /**
   * Stops in order, so nothing is left half-done and no write meets a closed client: first the scheduling loop (no
   * new cycle; binds and writes in flight finish or, after {@link SchedulingLoop#DRAIN_TIMEOUT}, are abandoned), then
   * the informers, the mining side and the election. The caller closes the client and Vert.x after this returns.
   */
  @Override
  public void close() {
    String id = loopDeployment;
    if (id != null) {
      try {
        vertx.undeploy(id).toCompletionStage().toCompletableFuture()
            .get(SchedulingLoop.DRAIN_TIMEOUT.toMillis() + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        LOG.warn("the scheduling loop did not stop cleanly: {}", e.toString());
      }
    }
    ClusterCache c = cache;
    if (c != null) {
      c.close();
    }
    electorThread.shutdownNow();
    if (hooks.mining() != null) {
      hooks.mining().close();
    }
  }
}
