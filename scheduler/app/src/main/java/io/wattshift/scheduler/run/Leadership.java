package io.wattshift.scheduler.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a coordination.k8s.io Lease with fabric8's LeaderElector. Only the leader schedules. With
 * the defaults (lease 10 s, renew deadline 8 s, retry 2 s) a standby takes over within about 12 s of the leader's
 * last renewal. Losing the lease calls {@code onLost}, which exits the process: a clean restart rebuilds from the
 * API server, and no half-stopped scheduler keeps binding.
 */
public final class Leadership {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  /** Timing of the election. */
  public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    public static Timing defaults() {
      return new Timing(Duration.ofSeconds(10), Duration.ofSeconds(8), Duration.ofSeconds(2));
    }
  }

  private final LeaderElector elector;

  /**
   * @param onLeading runs (on the elector's thread) when this instance becomes leader
   * @param onLost    runs when it stops leading
   */
  public Leadership(KubernetesClient client, Executor executor, String namespace, String leaseName, String identity,
      Timing timing, Runnable onLeading, Runnable onLost) {
    elector = new LeaderElectorBuilder(client, executor).withConfig(new LeaderElectionConfigBuilder()
        .withName(leaseName)
        .withLock(new LeaseLock(namespace, leaseName, identity))
        .withLeaseDuration(timing.leaseDuration())
        .withRenewDeadline(timing.renewDeadline())
        .withRetryPeriod(timing.retryPeriod())
        .withReleaseOnCancel(false)
        .withLeaderCallbacks(new LeaderCallbacks(
            () -> {
              LOG.info("{} is the leader of lease {}/{}", identity, namespace, leaseName);
              onLeading.run();
            },
            () -> {
              LOG.error("{} lost lease {}/{}", identity, namespace, leaseName);
              onLost.run();
            },
            leader -> LOG.info("leader of lease {}/{} is {}", namespace, leaseName, leader)))
        .build()).build();
  }

  /** Starts campaigning; the future completes when this instance stops (lost or cancelled). */
  public CompletableFuture<?> start() {
    return elector.start();
  }
}
