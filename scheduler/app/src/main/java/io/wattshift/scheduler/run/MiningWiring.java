package io.wattshift.scheduler.run;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.wattshift.api.Hall;
import io.wattshift.api.MinerFleet;
import io.wattshift.api.MiningPolicy;
import io.wattshift.api.PowerPolicy;
import io.wattshift.engine.Decision;
import io.wattshift.engine.Engine;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.fleet.HallFleet;
import io.wattshift.miners.luxos.LuxosFleetAdapter;
import io.wattshift.scheduler.kube.ClusterCache;
import io.wattshift.scheduler.loop.Translation;
import io.wattshift.scheduler.mining.EngineMiningEvents;
import io.wattshift.scheduler.mining.FleetSettings;
import io.wattshift.scheduler.mining.KubeMiningLeaseStore;
import io.wattshift.scheduler.mining.MiningDecisions;
import io.wattshift.scheduler.mining.MiningLeaseController;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the mining side once this instance leads and its informers have listed: one LuxOS fleet per Hall with
 * {@code spec.miners} (credentials from the Hall's Secret), the {@link MiningLeaseController}, fleet adoption, and
 * a periodic resync. A hall whose fleet cannot be built (missing Secret, unsupported protocol) is logged and left
 * without a fleet: the controller refuses leases for it (its future says so), and AI placement is never blocked.
 * Fleets are built once per leadership: a Hall's miners added later take effect at the next leader start.
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

  /** Starts mining for the halls in the cache; returns where the engine's mining decisions go. Blocks (Secrets). */
  Consumer<Decision> start(Engine engine, Executor schedulingContext, ClusterCache cache) {
    MiningPolicy policy = Translation.policyInForce(cache.policies()).map(PowerPolicy::getSpec)
        .map(s -> s.getMining()).orElse(null);
    Map<String, HallFleet> fleets = new LinkedHashMap<>();
    for (Hall hall : cache.halls()) {
      MinerFleet fleet = hall.getSpec().getMiners();
      if (fleet == null || fleet.getMiners().isEmpty()) {
        continue;
      }
      String name = hall.getMetadata().getName();
      try {
        FleetSettings.requireSupported(fleet);
        String ns = fleet.getCredentialsSecret().getNamespace() == null ? defaultNamespace
            : fleet.getCredentialsSecret().getNamespace();
        Secret secret = client.secrets().inNamespace(ns).withName(fleet.getCredentialsSecret().getName()).get();
        if (secret == null) {
          throw new IllegalArgumentException("Secret " + ns + "/" + fleet.getCredentialsSecret().getName() + " not found");
        }
        LuxosFleetAdapter adapter = new LuxosFleetAdapter(name, FleetSettings.clientConfig(fleet),
            FleetSettings.credentials(secret), clock);
        fleets.put(name, new HallFleet(name, FleetSettings.miners(fleet), adapter, FleetSettings.policy(fleet, policy),
            clock, fleetTimers, metrics));
      } catch (RuntimeException e) {
        LOG.warn("hall {}: no mining ({})", name, e.getMessage());
      }
    }
    double[] hashprice = {0};
    cache.sites().stream().findFirst().ifPresent(s -> hashprice[0] = Translation.market(s, clock.instant()).hashpriceUsdPerPhDay());
    MiningLeaseController controller = new MiningLeaseController(fleets, new KubeMiningLeaseStore(client),
        new EngineMiningEvents(engine, schedulingContext, clock), () -> hashprice[0], metrics, clock, storeWorker);
    controller.adoptFleets().whenComplete((v, e) -> {
      if (e != null) {
        LOG.warn("adopting the miner fleets failed: {} (the next resync retries)", e.toString());
      }
    });
    vertx.setPeriodic(resync.toMillis(), id -> controller.resync());
    MiningDecisions decisions = new MiningDecisions(controller, job -> arrival(cache, job));
    LOG.info("mining enacted for {} hall(s): {}", fleets.size(), fleets.keySet());
    return decisions::apply;
  }

  /** When the job that waits for power was created (starts wattshift_curtailment_seconds). */
  private Instant arrival(ClusterCache cache, String gangKey) {
    return cache.pods().stream().filter(p -> gangKey.equals(io.wattshift.scheduler.loop.Gangs.gangKey(p)))
        .map(p -> p.getMetadata().getCreationTimestamp()).filter(java.util.Objects::nonNull).map(Instant::parse)
        .min(Instant::compareTo).orElse(clock.instant());
  }

  void close() {
    storeWorker.shutdownNow();
    fleetTimers.shutdownNow();
  }
}
