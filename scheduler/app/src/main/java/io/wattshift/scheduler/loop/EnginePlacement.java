package io.wattshift.scheduler.loop;

import io.fabric8.kubernetes.api.model.Node;
import io.wattshift.api.Hall;
import io.wattshift.api.PowerPolicy;
import io.wattshift.api.Site;
import io.wattshift.engine.Decision;
import io.wattshift.engine.Engine;
import io.wattshift.engine.model.HallReason;
import io.wattshift.engine.model.HallSpec;
import io.wattshift.engine.model.HallView;
import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.Market;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.NodeTelemetry;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.SiteSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Placement} on the real {@link Engine}: diffs each observed world against what the engine was told, and
 * turns the engine's decisions into actions. Gangs are engine jobs (same key); a gang's pods get stable indexes.
 * Pods found bound that this engine did not bind (a previous leader's) are adopted onto the books first, so the
 * power invariant holds across restarts. Single-threaded (the scheduling context), like the engine.
 */
public final class EnginePlacement implements Placement {
  private static final Logger LOG = LoggerFactory.getLogger(EnginePlacement.class);

  private final Engine engine;
  private final Clock clock;
  private final Adapters adapters;
  private Policy policy;
  private final Map<String, SiteSpec> sites = new LinkedHashMap<>();
  private final Map<String, HallSpec> halls = new LinkedHashMap<>();
  private final Map<String, Double> ambients = new HashMap<>();
  private final Map<String, NodeSpec> nodes = new LinkedHashMap<>();
  private final Map<String, GangBook> gangs = new LinkedHashMap<>();
  private final Map<String, Double> podWatts = new HashMap<>();
  private final Map<String, Map<String, Integer>> inFlight = new HashMap<>();
  /** Bound pods that could not be adopted, warned about once. */
  private final Set<String> unadoptable = new TreeSet<>();
  private Market market;
  /** The market last given to the engine for each Site (a Site's halls follow their own). */
  private final java.util.Map<String, Market> siteMarkets = new java.util.HashMap<>();
  /** Objects this cycle could not translate, "Kind/name" -> why; they keep their last good state in the engine. */
  private final Map<String, String> problems = new TreeMap<>();
  private final DemandResponseLog demandResponses = new DemandResponseLog();

  /** What the adapter told the engine about one gang. */
  private static final class GangBook {
    final JobSpec spec;
    final Map<String, Integer> index = new TreeMap<>();
    /** Pods on the engine's books as bound or assumed. */
    final Set<String> held = new TreeSet<>();
    boolean waitingForPower;

    GangBook(JobSpec spec) {
      this.spec = spec;
    }

    int indexOf(String pod) {
      return index.computeIfAbsent(pod, p -> {
        for (int i = 0; i < spec.pods(); i++) {
          if (!index.containsValue(i)) {
            return i;
          }
        }
        return -1;
      });
    }

    String podAt(int i) {
      return index.entrySet().stream().filter(e -> e.getValue() == i).map(Map.Entry::getKey).findFirst().orElse(null);
    }
  }

  /**
   * The other adapters around the engine, all called on the scheduling context.
   *
   * @param mining    receives CurtailMining and MiningLease decisions (the mining controller)
   * @param powerCaps receives SetPowerCap decisions (the telemetry endpoint sends them to the node daemons)
   * @param telemetry drained once per cycle before the step: the newest sample of each node that reported
   * @param staleAfter told the policy's telemetry staleness at construction and whenever the policy in force changes
   *                   it (the telemetry store's stale-node count uses the same threshold as the engine)
   */
  public record Adapters(Consumer<Decision> mining, Consumer<Decision.SetPowerCap> powerCaps,
      Supplier<List<NodeTelemetry>> telemetry, Consumer<java.time.Duration> staleAfter) {
    public Adapters(Consumer<Decision> mining, Consumer<Decision.SetPowerCap> powerCaps,
        Supplier<List<NodeTelemetry>> telemetry) {
      this(mining, powerCaps, telemetry, d -> { });
    }
  }

  public EnginePlacement(Clock clock, Adapters adapters) {
    this.clock = clock;
    this.adapters = adapters;
    this.policy = Policy.defaults();
    this.engine = new Engine(clock, policy);
    adapters.staleAfter().accept(policy.telemetryStaleAfter());
  }

  /** Without telemetry or power caps (tests, clusters without node daemons). */
  public EnginePlacement(Clock clock, Consumer<Decision> miningDecisions) {
    this(clock, new Adapters(miningDecisions, cap -> LOG.debug("no node daemons to cap {}", cap), List::of));
  }

  /** The engine itself, for adapters on the same context (telemetry, mining reports). */
  public Engine engine() {
    return engine;
  }

  @Override
  public void observe(World world) {
    Instant now = clock.instant();
    problems.clear();
    PowerPolicy inForce = Translation.policyInForce(world.policies()).orElse(null);
    Policy p = translate("PowerPolicy", inForce == null ? null : inForce.getMetadata().getName(),
        () -> Translation.policy(inForce, world.halls()), policy);
    if (!p.equals(policy)) {
      if (!p.telemetryStaleAfter().equals(policy.telemetryStaleAfter())) {
        adapters.staleAfter().accept(p.telemetryStaleAfter());
      }
      policy = p;
      engine.setPolicy(p);
    }
    double reserveKw = inForce != null && inForce.getSpec() != null && inForce.getSpec().getReserveKilowatts() != null
        ? inForce.getSpec().getReserveKilowatts() : 0;

    // Each object is translated on its own: one that cannot be read keeps its last good state (or stays out) and
    // is reported on its own status; the others are scheduled as usual.
    Map<String, SiteSpec> wantSites = new LinkedHashMap<>();
    for (Site s : world.sites()) {
      String name = s.getMetadata().getName();
      putIfPresent(wantSites, name, translate("Site", name, () -> Translation.site(s, now, policy.reserveFraction()),
          sites.get(name)));
    }
    Map<String, HallSpec> wantHalls = new LinkedHashMap<>();
    for (Hall h : world.halls()) {
      String name = h.getMetadata().getName();
      String site = h.getSpec() == null ? null : h.getSpec().getSite();
      if (site == null) {
        String own = Translation.ownSite(h);
        if (putIfPresent(wantSites, own, translate("Hall", name, () -> new SiteSpec(own, h.getSpec().getFeedKilowatts()),
            sites.get(own))) == null) {
          continue;
        }
        site = own;
      } else if (!wantSites.containsKey(site)) {
        continue; // SiteNotFound: reported on the Hall's status; its nodes are not offered
      }
      String siteName = site;
      putIfPresent(wantHalls, name, translate("Hall", name, () -> Translation.hall(h, siteName, reserveKw), halls.get(name)));
      translate("Hall", name, () -> Translation.ambient(h), java.util.Optional.<Double>empty()).ifPresent(a -> {
        if (!a.equals(ambients.put(name, a))) {
          engine.updateAmbient(name, a);
        }
      });
    }
    List<Hall> offered = world.halls().stream().filter(h -> wantHalls.containsKey(h.getMetadata().getName())).toList();
    Map<String, NodeSpec> wantNodes = new LinkedHashMap<>();
    for (Node n : world.nodes()) {
      String name = n.getMetadata().getName();
      translate("Node", name, () -> Translation.hallOf(n, offered).flatMap(h -> Translation.node(n, h)),
          java.util.Optional.ofNullable(nodes.get(name))).ifPresent(spec -> wantNodes.put(spec.name(), spec));
    }

    // Removals leaf first, upserts root first: the engine needs a node's hall and a hall's site to exist.
    sync(nodes, wantNodes, engine::removeNode, null);
    sync(halls, wantHalls, engine::removeHall, null);
    sync(sites, wantSites, engine::removeSite, engine::upsertSite);
    sync(halls, wantHalls, null, engine::upsertHall);
    sync(nodes, wantNodes, null, engine::upsertNode);

    // each Site's halls follow its own market; the first Site's is the engine's default (AI price pauses)
    boolean first = true;
    for (var site : world.sites()) {
      String name = site.getMetadata().getName();
      Market m = translate("Site", name, () -> Translation.market(site, now), siteMarkets.get(name));
      if (m == null) {
        continue;
      }
      if (first && !m.equals(market)) {
        market = m;
        engine.updateMarket(m);
      }
      first = false;
      if (!m.equals(siteMarkets.put(name, m))) {
        engine.updateMarket(name, m);
      }
    }
    siteMarkets.keySet().retainAll(world.sites().stream().map(x -> x.getMetadata().getName()).toList());
    demandResponses.observe(world.sites(), now);
    observeGangs(world.gangs());
    for (NodeTelemetry sample : adapters.telemetry().get()) {
      engine.updateTelemetry(sample);
    }
  }

  /**
   * The translation of one object, or {@code fallback} (its last good translation) when it throws: the failure is
   * kept in {@link #problems()} for the object's status, and never stops the cycle.
   */
  private <T> T translate(String kind, String name, Supplier<T> translation, T fallback) {
    try {
      return translation.get();
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      if (problems.put(kind + "/" + name, why) == null) {
        LOG.warn("cannot translate {} {}: {}; keeping its last good state", kind, name, why);
      }
      return fallback;
    }
  }

  private static <V> V putIfPresent(Map<String, V> into, String key, V value) {
    if (value != null) {
      into.put(key, value);
    }
    return value;
  }

  @Override
  public java.util.Optional<DemandResponseLog.Report> demandResponse(String site) {
    return demandResponses.report(site);
  }

  @Override
  public Map<String, String> problems() {
    return Map.copyOf(problems);
  }

  private <V> void sync(Map<String, V> known, Map<String, V> wanted, Consumer<String> remove, Consumer<V> upsert) {
    if (remove != null) {
      for (String name : new ArrayList<>(known.keySet())) {
        if (!wanted.containsKey(name)) {
          known.remove(name);
          remove.accept(name);
        }
      }
    }
    if (upsert != null) {
      wanted.forEach((name, spec) -> {
        if (!spec.equals(known.get(name))) {
          try {
            upsert.accept(spec);
            known.put(name, spec);
          } catch (IllegalArgumentException e) {
            LOG.warn("engine refused {}: {}", name, e.getMessage());
          }
        }
      });
    }
  }

  private void observeGangs(List<Gang> world) {
    Map<String, Gang> live = new LinkedHashMap<>();
    world.forEach(g -> live.put(g.key(), g));
    for (String key : new ArrayList<>(gangs.keySet())) {
      Gang g = live.get(key);
      // a gang that cannot be read now keeps its last good spec, like every other object: forgetting it would take
      // its running pods' power off the books
      JobSpec now = g == null ? null : translate("Gang", key, () -> Translation.job(g), gangs.get(key).spec);
      if (now == null || !now.equals(withoutTime(gangs.get(key).spec, now))) {
        forget(key);
      }
    }
    for (Gang g : world) {
      GangBook book = gangs.get(g.key());
      if (book == null) {
        if (g.pending().size() + g.bound().size() < g.size()) {
          continue; // the gang's controller has not created all its pods yet
        }
        JobSpec spec = translate("Gang", g.key(), () -> Translation.job(g), null);
        if (spec == null) {
          continue;
        }
        book = new GangBook(spec);
        if (!engine.submit(book.spec)) {
          continue;
        }
        gangs.put(g.key(), book);
      }
      Set<String> present = new TreeSet<>(g.pending());
      for (Gang.BoundPod b : g.bound()) {
        present.add(b.pod());
        if (!book.held.contains(b.pod())) {
          adopt(g, book, b);
        }
      }
      for (String pod : new ArrayList<>(book.index.keySet())) {
        if (!present.contains(pod) && !inFlight.getOrDefault(g.key(), Map.of()).containsKey(pod)) {
          engine.podFinished(g.key(), book.index.remove(pod));
          book.held.remove(pod);
          podWatts.remove(pod);
          unadoptable.remove(pod);
        }
      }
      g.pending().forEach(book::indexOf);
    }
  }

  private void adopt(Gang g, GangBook book, Gang.BoundPod b) {
    int i = book.indexOf(b.pod());
    OptionalDouble watts = i < 0 ? OptionalDouble.empty() : engine.adoptBound(g.key(), i, b.node());
    if (watts.isPresent()) {
      unadoptable.remove(b.pod());
      book.held.add(b.pod());
      podWatts.put(b.pod(), watts.getAsDouble());
      LOG.info("adopted {} bound to {} ({} W)", b.pod(), b.node(), Math.round(watts.getAsDouble()));
    } else if (unadoptable.add(b.pod())) {
      LOG.warn("cannot adopt {} bound to {} (node not in a known hall, or no free GPUs there)", b.pod(), b.node());
    }
  }

  /** The spec compared without its submission time (firstSeen moves when the oldest pod is replaced). */
  private static JobSpec withoutTime(JobSpec known, JobSpec now) {
    return new JobSpec(known.key(), known.tenant(), known.queue(), known.kind(), known.pods(), known.gpusPerPod(),
        known.minAvailable(), known.priority(), known.preemptible(), known.gpuCapW(), known.topology(), now.submitted());
  }

  private void forget(String key) {
    GangBook book = gangs.remove(key);
    engine.removeJob(key);
    inFlight.remove(key);
    book.index.keySet().forEach(podWatts::remove);
  }

  @Override
  public List<Action> step(Instant now) {
    List<Action> actions = new ArrayList<>();
    Map<String, Map<String, String>> binds = new LinkedHashMap<>();
    List<Decision> decisions = engine.step();
    demandResponses.record(decisions, hall -> halls.containsKey(hall) ? halls.get(hall).site() : null,
        node -> nodes.containsKey(node) ? nodes.get(node).hall() : null);
    for (Decision d : decisions) {
      if (d instanceof Decision.Bind b) {
        GangBook book = gangs.get(b.job());
        String pod = book == null ? null : book.podAt(b.pod());
        if (pod == null) {
          engine.bindFailed(b.job(), b.pod(), "pod unknown");
          continue;
        }
        binds.computeIfAbsent(b.job(), k -> new LinkedHashMap<>()).put(pod, b.node());
        inFlight.computeIfAbsent(b.job(), k -> new LinkedHashMap<>()).put(pod, b.pod());
        book.held.add(pod);
        book.waitingForPower = false;
        podWatts.put(pod, b.committedW());
      } else if (d instanceof Decision.Unschedulable u) {
        actions.add(new Action.Unschedulable(u.job(), reason(u.reasons()), u.message()));
      } else if (d instanceof Decision.Preempt p) {
        actions.add(new Action.Preempt(p.forJob(), p.victims(), p.reason()));
      } else if (d instanceof Decision.Suspend su) {
        actions.add(new Action.Suspend(su.job(), su.reason(), su.grace().toSeconds()));
      } else if (d instanceof Decision.SetPowerCap c) {
        adapters.powerCaps().accept(c);
      } else {
        adapters.mining().accept(d); // CurtailMining, MiningLease: the mining controller's
      }
    }
    binds.forEach((gang, nodes) -> actions.add(new Action.BindGang(gang, nodes)));
    gangs.forEach((key, book) -> {
      boolean waiting = engine.job(key).map(v -> "PERMIT".equals(v.state())).orElse(false);
      if (waiting && !book.waitingForPower) {
        actions.add(new Action.WaitingForPower(key, "placed; waiting for mining to curtail before binding"));
      }
      book.waitingForPower = waiting;
    });
    return actions;
  }

  /** Power (feed, rack, site, quota) dominates: it is what the site runs out of; then cooling; then GPUs. */
  static PendingReason reason(List<HallReason> reasons) {
    Set<String> resources = new TreeSet<>();
    reasons.forEach(r -> r.short_().forEach(i -> resources.add(i.resource())));
    if (resources.stream().anyMatch(r -> r.contains("power") || r.equals("quota"))) {
      return PendingReason.InsufficientPower;
    }
    if (resources.contains("cooling")) {
      return PendingReason.InsufficientCooling;
    }
    return resources.isEmpty() ? PendingReason.Queued : PendingReason.InsufficientGpus;
  }

  @Override
  public void bindResult(String gang, boolean ok) {
    Map<String, Integer> pods = inFlight.remove(gang);
    GangBook book = gangs.get(gang);
    if (pods == null) {
      return;
    }
    pods.forEach((pod, index) -> {
      if (ok) {
        engine.confirmBound(gang, index);
      } else {
        engine.bindFailed(gang, index, "binding failed");
        if (book != null) {
          book.held.remove(pod);
        }
        podWatts.remove(pod);
      }
    });
  }

  @Override
  public List<HallHeadroom> headroom() {
    List<HallHeadroom> out = new ArrayList<>();
    for (HallView v : engine.halls()) {
      double cooling = v.coolingKw() <= 0 ? 0 : 100.0 * v.heatKw() / v.coolingKw();
      out.add(new HallHeadroom(v.hall(), round(v.limitKw() - v.reserveKw()), round(v.aiKw() + v.permitKw()),
          round(v.miningCountedKw()), round(v.freeKw()), round(cooling), round(v.coolingKw()), v.gpus(), v.freeGpus()));
    }
    return out;
  }

  @Override
  public double committedWatts(String pod) {
    return podWatts.getOrDefault(pod, 0.0);
  }

  @Override
  public String hallOf(String node) {
    NodeSpec spec = nodes.get(node);
    return spec == null ? null : spec.hall();
  }

  /** Whether a gang's engine job is known (for tests and status). */
  public boolean tracks(String gang) {
    return gangs.containsKey(Objects.requireNonNull(gang));
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
