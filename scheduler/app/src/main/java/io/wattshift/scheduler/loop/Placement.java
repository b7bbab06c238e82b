package io.wattshift.scheduler.loop;

import io.fabric8.kubernetes.api.model.Node;
import io.wattshift.api.Hall;
import io.wattshift.api.MiningLease;
import io.wattshift.api.PowerPolicy;
import io.wattshift.api.Site;
import java.time.Instant;
import java.util.List;

/**
 * The placement engine as the live scheduler sees it: the Kubernetes side hands it the whole current state
 * (level-based, so a new leader rebuilds from the API server alone), asks for a step, and reports bind results.
 *
 * <p>Threading: every method is called on the one scheduling context; implementations hold no locks and never
 * block. Idempotency: {@link #observe} may be called any number of times with the same state.
 */
public interface Placement {

  /** The cluster as the informers see it now. Objects are read-only. */
  record World(List<Site> sites, List<Hall> halls, List<Node> nodes, List<PowerPolicy> policies,
      List<MiningLease> leases, List<Gang> gangs) {
    public World {
      sites = List.copyOf(sites);
      halls = List.copyOf(halls);
      nodes = List.copyOf(nodes);
      policies = List.copyOf(policies);
      leases = List.copyOf(leases);
      gangs = List.copyOf(gangs);
    }
  }

  /** Replaces what the engine knows with {@code world}; gangs absent from it are withdrawn. */
  void observe(World world);

  /** Runs one placement step; the actions are to be carried out in order. */
  List<Action> step(Instant now);

  /** Result of a {@link Action.BindGang}: {@code ok} false means the gang's binds were undone. */
  void bindResult(String gang, boolean ok);

  /** Live headroom per hall. */
  List<HallHeadroom> headroom();

  /** Power committed for a bound pod ("namespace/name"), W; 0 if unknown. */
  double committedWatts(String pod);

  /** Hall of a node, or null. */
  String hallOf(String node);

  /** What was shed for the site's demand-response event in force, if one is. */
  default java.util.Optional<DemandResponseLog.Report> demandResponse(String site) {
    return java.util.Optional.empty();
  }

  /**
   * Objects the last {@link #observe} could not read, "Kind/name" (Site, Hall, PowerPolicy, Node, Gang) to a
   * readable reason. Such an object keeps its last good state; the others are scheduled as usual.
   */
  default java.util.Map<String, String> problems() {
    return java.util.Map.of();
  }
}
