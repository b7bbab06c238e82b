package io.wattshift.scheduler.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.wattshift.api.Hall;
import io.wattshift.api.HallStatus;
import io.wattshift.api.MiningPolicy;
import io.wattshift.api.PowerPolicy;
import io.wattshift.engine.Decision;
import io.wattshift.engine.Engine;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.scheduler.kube.ClusterCache;
import io.wattshift.scheduler.loop.Translation;
import io.wattshift.scheduler.mining.EngineMiningEvents;
import io.wattshift.scheduler.mining.HallFleets;
import io.wattshift.scheduler.mining.HallMiningConditions;
import io.wattshift.scheduler.mining.KubeMiningLeaseStore;
import io.wattshift.scheduler.mining.MiningDecisions;
import io.wattshift.scheduler.mining.MiningLeaseController;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the mining side once this instance leads and its informers have listed: one LuxOS fleet per Hall with
 * {@code spec.miners} (credentials from the Hall's Secret, {@link HallFleets}), the {@link MiningLeaseController},
 * fleet adoption, and a periodic resync that also rebuilds fleets whose Hall, policy or Secret changed. A hall whose
 * fleet cannot be built (missing Secret, unsupported protocol) gets {@code MinersUnavailable=True} with the reason
 * on its status (so {@code Translation} gives the engine no fleet there) and {@code wattshift_mining_fleet_unavailable}
 * 1; until then the controller answers its decisions with 0 kW, so AI placement is never blocked.
 */
final class MiningWiring {
  private static final Logger LOG = LoggerFactory.getLogger(MiningWiring.class);

  private final KubernetesClient client;
  private final Vertx vertx;
  private final MinerMetrics metrics;
  private final Clock clock;
  private final String defaultNamespace;
  private final Duration resync;
  private final ExecutorService storeWorker = Executors.newSingleThreadExecutor(r -> new Thread(r, "wattshift-lease-store"));
  private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> new Thread(r, "wattshift-fleet-builder"));
  private final Map<String, Throwable> failures = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicBoolean refreshQueued = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile HallFleets fleets;
  private final ScheduledExecutorService fleetTimers = Executors.newSingleThreadScheduledExecutor(
      r -> new Thread(r, "wattshift-fleet-timers"));

  MiningWiring(KubernetesClient client, Vertx vertx, MinerMetrics metrics, Clock clock, String defaultNamespace,
      Duration resync) {
    this.client = client;
    this.vertx = vertx;
    this.metrics = metrics;
    this.clock = clock;
    this.defaultNamespace = defaultNamespace;
    this.resync = resync;
  }

  /**
   * Starts mining for the halls in the cache; returns where the engine's mining decisions go. Blocks (Secrets) for
   * the first build; later the fleets follow the Halls and their Secrets on every resync, on a worker thread.
   */
  Consumer<Decision> start(Engine engine, Executor schedulingContext, ClusterCache cache) {
    double[] hashprice = {0};
    cache.sites().stream().findFirst().ifPresent(s -> hashprice[0] = Translation.market(s, clock.instant()).hashpriceUsdPerPhDay());
    MiningLeaseController controller = new MiningLeaseController(Map.of(), new KubeMiningLeaseStore(client),
        new EngineMiningEvents(engine, schedulingContext, clock), () -> hashprice[0], metrics, clock, storeWorker);
    fleets = new HallFleets(controller, (ns, name) -> client.secrets().inNamespace(ns).withName(name).get(),
        defaultNamespace, metrics, clock, fleetTimers);
    refresh(cache);
    controller.adoptFleets().whenComplete((v, e) -> {
      if (e != null) {
        LOG.warn("adopting the miner fleets failed: {} (the next resync retries)", e.toString());
      }
    });
    vertx.setPeriodic(resync.toMillis(), id -> {
      controller.resync();
      if (refreshQueued.compareAndSet(false, true)) { // a slow API server must not pile refreshes up
        builder.execute(() -> {
          refreshQueued.set(false);
          refresh(cache);
        });
      }
    });
    MiningDecisions decisions = new MiningDecisions(controller, job -> arrival(cache, job), metrics, (hall, failure) -> {
      Throwable before = failure == null ? failures.remove(hall) : failures.put(hall, failure);
      if ((before == null) != (failure == null)) {
        builder.execute(() -> writeConditions(cache));
      }
    });
    LOG.info("mining enacted for {} hall(s): {}", fleets.halls().size(), fleets.halls());
    return decisions::apply;
  }

  /** Rebuilds fleets whose Hall, policy or Secret changed, then brings the Halls' mining conditions up to date. */
  private void refresh(ClusterCache cache) {
    try {
      MiningPolicy policy = Translation.policyInForce(cache.policies()).map(PowerPolicy::getSpec)
          .map(s -> s.getMining()).orElse(null);
      fleets.update(cache.halls(), policy);
      writeConditions(cache);
    } catch (RuntimeException e) {
      LOG.warn("refreshing the miner fleets failed: {} (the next resync retries)", e.toString());
    }
  }

  private void writeConditions(ClusterCache cache) {
    for (Hall hall : cache.halls()) {
      String name = hall.getMetadata().getName();
      fleets.condition(name).ifPresent(p -> ensure(hall, HallMiningConditions.MINERS_UNAVAILABLE,
          !HallFleets.READY.equals(p), p.reason(), p.message()));
      Throwable failure = failures.get(name);
      if (failure != null) {
        ensure(hall, HallMiningConditions.DECISION_FAILED, true, "DecisionFailed", String.valueOf(failure.getMessage()));
      } else if (hall.getStatus() != null && hall.getStatus().getConditions().stream()
          .anyMatch(c -> HallMiningConditions.DECISION_FAILED.equals(c.getType()) && "True".equals(c.getStatus()))) {
        ensure(hall, HallMiningConditions.DECISION_FAILED, false, "DecisionSucceeded", "the last mining decision succeeded");
      }
    }
  }

  /** Writes one mining condition on the Hall's status unless the cached Hall already has it (409: next refresh). */
  private void ensure(Hall cached, String type, boolean status, String reason, String message) {
    if (HallMiningConditions.has(cached, type, status, reason, message)) {
      return;
    }
    String name = cached.getMetadata().getName();
    try {
      Hall latest = client.resources(Hall.class).withName(name).get();
      if (latest == null) {
        return;
      }
      if (latest.getStatus() == null) {
        latest.setStatus(new HallStatus());
      }
      latest.getStatus().setConditions(HallMiningConditions.with(latest.getStatus().getConditions(), latest, type,
          status, reason, message, clock.instant()));
      client.resources(Hall.class).resource(latest).updateStatus();
    } catch (RuntimeException e) {
      LOG.warn("hall {}: could not write condition {}: {}", name, type, e.toString());
    }
  }

  /** When the job that waits for power was created (starts wattshift_curtailment_seconds). */
  private Instant arrival(ClusterCache cache, String gangKey) {
    return cache.pods().stream().filter(p -> gangKey.equals(io.wattshift.scheduler.loop.Gangs.gangKey(p)))
        .map(p -> p.getMetadata().getCreationTimestamp()).filter(java.util.Objects::nonNull).map(Instant::parse)
        .min(Instant::compareTo).orElse(clock.instant());
  }

  void close() {
    builder.shutdownNow();
    if (fleets != null) {
      fleets.close();
    }
    storeWorker.shutdownNow();
    fleetTimers.shutdownNow();
  }
}
