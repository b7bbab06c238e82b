package io.wattshift.scheduler.loop;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.wattshift.api.Capping;
import io.wattshift.api.Cooling;
import io.wattshift.api.DemandResponse;
import io.wattshift.api.EnergyPrice;
import io.wattshift.api.Hall;
import io.wattshift.api.Miner;
import io.wattshift.api.MiningPolicy;
import io.wattshift.api.PlacementStrategy;
import io.wattshift.api.PowerPolicy;
import io.wattshift.api.PowerPolicySpec;
import io.wattshift.api.PricePeriod;
import io.wattshift.api.Rack;
import io.wattshift.api.Site;
import io.wattshift.api.TenantQuota;
import io.wattshift.api.Thermal;
import io.wattshift.api.WattshiftApi;
import io.wattshift.engine.model.CappingMode;
import io.wattshift.engine.model.CoolingSpec;
import io.wattshift.engine.model.GpuSpec;
import io.wattshift.engine.model.HallSpec;
import io.wattshift.engine.model.JobKind;
import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.Market;
import io.wattshift.engine.model.MinerFleetSpec;
import io.wattshift.engine.model.NodeFacts;
import io.wattshift.engine.model.NodeSelectorRequirement;
import io.wattshift.engine.model.NodeSelectorTerm;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.PodRequirements;
import io.wattshift.engine.model.Resources;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.RackSpec;
import io.wattshift.engine.model.SiteSpec;
import io.wattshift.engine.model.Strategy;
import io.wattshift.engine.model.Taint;
import io.wattshift.engine.model.TaintEffect;
import io.wattshift.engine.model.Toleration;
import io.wattshift.engine.model.Topology;
import io.wattshift.scheduler.mining.FleetSettings;
import io.wattshift.scheduler.telemetry.DaemonGpuFacts;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure: Kubernetes objects to the engine's input records. Defaults live here, next to the CRD field docs they
 * implement. Nothing here talks to the API server.
 */
public final class Translation {
  static final double DEFAULT_HOST_OVERHEAD_W = 800;
  static final double DEFAULT_GPU_NAMEPLATE_W = 700;
  static final double DEFAULT_RATED_AMBIENT_C = 25;
  static final double GPU_MIN_LIMIT_W = 100;
  static final double GPU_SLOWDOWN_C = 87;

  private Translation() {
  }

  /**
   * Site limit in kW: the interconnect less the site reserve, or an active demand-response limit if lower. The
   * reserve is a margin under the interconnect; the grid's limit is already the figure to stay under, so the reserve
   * does not come off it.
   */
  public static SiteSpec site(Site site, Instant now) {
    return site(site, now, 0);
  }

  /**
   * The site for an engine that holds back {@code reserveFraction} of every limit: a demand-response limit is
   * scaled up by it, so that what the engine enforces is the grid's figure itself.
   */
  public static SiteSpec site(Site site, Instant now, double reserveFraction) {
    double limit = site.getSpec().getInterconnectKilowatts() - orZero(site.getSpec().getReserveKilowatts());
    DemandResponse dr = site.getSpec().getDemandResponse();
    if (dr != null && dr.getLimitKilowatts() != null && active(dr, now)) {
      limit = Math.min(limit, dr.getLimitKilowatts() / (1 - reserveFraction));
    }
    return new SiteSpec(site.getMetadata().getName(), Math.max(limit, 0.001));
  }

  /**
   * Why the site's demand-response times cannot be read, if they cannot. An unreadable time is treated as absent
   * (start: now, end: until removed): the limit then applies, the safe side for the grid.
   */
  public static Optional<String> invalidDemandResponse(Site site) {
    DemandResponse dr = site.getSpec().getDemandResponse();
    if (dr == null) {
      return Optional.empty();
    }
    List<String> bad = new ArrayList<>();
    if (dr.getStartTime() != null && time(dr.getStartTime()).isEmpty()) {
      bad.add("startTime \"" + dr.getStartTime() + "\"");
    }
    if (dr.getEndTime() != null && time(dr.getEndTime()).isEmpty()) {
      bad.add("endTime \"" + dr.getEndTime() + "\"");
    }
    return bad.isEmpty() ? Optional.empty() : Optional.of("spec.demandResponse " + String.join(" and ", bad)
        + " is not an RFC 3339 time (e.g. 2026-07-01T18:00:00Z); treated as absent, so the limit of "
        + dr.getLimitKilowatts() + " kW applies now and until the event is removed");
  }

  /** Whether the site's demand-response event is in force at {@code now}. */
  public static boolean demandResponseActive(Site site, Instant now) {
    DemandResponse dr = site.getSpec().getDemandResponse();
    return dr != null && dr.getLimitKilowatts() != null && active(dr, now);
  }

  /** Name of the synthetic site a hall without {@code spec.site} belongs to (its own feed is then the limit). */
  public static String ownSite(Hall hall) {
    return "hall:" + hall.getMetadata().getName();
  }

  /**
   * The hall for the engine. {@code reserveKw} (the policy's absolute reserve) comes off the feed; racks not
   * listed are served by one default rack as large as the feed (they count only against the hall).
   */
  public static HallSpec hall(Hall hall, String siteName, double reserveKw) {
    var spec = hall.getSpec();
    Cooling c = spec.getCooling();
    double feed = Math.max(spec.getFeedKilowatts() - reserveKw, 0.001);
    CoolingSpec cooling = new CoolingSpec(Math.max(c.getCapacityKilowatts(), 0.001),
        c.getRatedAmbientCelsius() == null ? DEFAULT_RATED_AMBIENT_C : c.getRatedAmbientCelsius(),
        orZero(c.getDeratingPercentPerDegree()) / 100.0);
    List<RackSpec> racks = new ArrayList<>();
    for (Rack r : spec.getRacks()) {
      racks.add(new RackSpec(rackId(hall, r.getName()), Math.max(r.getLimitKilowatts(), 0.001)));
    }
    racks.add(new RackSpec(defaultRack(hall), feed));
    return new HallSpec(hall.getMetadata().getName(), siteName, feed, cooling, 1 + orZero(c.getOverheadPercent()) / 100.0,
        racks, fleet(hall));
  }

  /** Ambient temperature the hall's spec states, if any. */
  public static Optional<Double> ambient(Hall hall) {
    return Optional.ofNullable(hall.getSpec().getCooling().getAmbientCelsius());
  }

  /**
   * The hall's fleet; each miner's standby is the most the mining side lets a sleeping miner draw (its declared
   * {@code standbyWatts}, else a fraction of nameplate: {@link FleetSettings#standbyWattsEach}). None until the
   * mining side says it commands the miners ({@code MinersUnavailable=False} on the Hall's status): a lease is
   * offered only to a live fleet, never to one whose Secret is missing or whose protocol has no adapter.
   */
  static MinerFleetSpec fleet(Hall hall) {
    if (hall.getSpec().getMiners() == null || hall.getSpec().getMiners().getMiners().isEmpty()
        || !io.wattshift.scheduler.mining.HallMiningConditions.live(hall)) {
      return MinerFleetSpec.NONE;
    }
    List<Miner> miners = hall.getSpec().getMiners().getMiners();
    double watts = miners.stream().mapToDouble(Miner::getNominalWatts).sum();
    // Fleet efficiency weighted by power: J/TH of the whole fleet = total W / total TH/s.
    double th = miners.stream().mapToDouble(m -> m.getNominalWatts() / m.getEfficiencyJoulesPerTerahash()).sum();
    return new MinerFleetSpec(miners.size(), watts / miners.size(), watts / th,
        FleetSettings.standbyWattsEach(hall.getSpec().getMiners()));
  }

  /** The hall whose node selector matches the node's labels (the oldest hall wins a tie), if any. */
  public static Optional<Hall> hallOf(Node node, List<Hall> halls) {
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    return halls.stream()
        .filter(h -> !h.getSpec().getNodeSelector().isEmpty()
            && h.getSpec().getNodeSelector().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey()))))
        .min(Comparator.comparing((Hall h) -> String.valueOf(h.getMetadata().getCreationTimestamp()))
            .thenComparing(h -> h.getMetadata().getName()));
  }

  /** GPUs the node offers (allocatable, else capacity, nvidia.com/gpu). */
  public static int gpus(Node node) {
    if (node.getStatus() == null) {
      return 0;
    }
    Quantity q = node.getStatus().getAllocatable() == null ? null : node.getStatus().getAllocatable().get(WattshiftApi.GPU_RESOURCE);
    if (q == null && node.getStatus().getCapacity() != null) {
      q = node.getStatus().getCapacity().get(WattshiftApi.GPU_RESOURCE);
    }
    return q == null ? 0 : q.getNumericalAmount().intValue();
  }

  /**
   * The node for the engine, or empty when it has no GPUs or is cordoned. Each GPU's power range is what the node
   * daemon wrote on the Node ({@link DaemonGpuFacts#powerLimits}: its real min, default and max limit, so no cap
   * below what the GPU accepts is ever booked); without those annotations, the hall's nameplate and
   * {@link #GPU_MIN_LIMIT_W}. The node's labels and allocatable resources are its facts; its taints are not, until
   * the shim passes each pod's tolerations ({@link #job(Gang, PodSpec)}): a pod that tolerates a taint would
   * otherwise wait for ever. The shim then takes {@link #facts(Node)} whole.
   */
  public static Optional<NodeSpec> node(Node node, Hall hall) {
    int count = gpus(node);
    if (count <= 0 || Boolean.TRUE.equals(node.getSpec() == null ? null : node.getSpec().getUnschedulable())) {
      return Optional.empty();
    }
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    String rackLabel = hall.getSpec().getRackLabel() == null ? WattshiftApi.RACK_LABEL : hall.getSpec().getRackLabel();
    String rackName = labels.get(rackLabel);
    boolean listed = rackName != null && hall.getSpec().getRacks().stream().anyMatch(r -> r.getName().equals(rackName));
    double nameplate = hall.getSpec().getGpuNameplateWatts() == null ? DEFAULT_GPU_NAMEPLATE_W
        : hall.getSpec().getGpuNameplateWatts();
    Optional<DaemonGpuFacts.PowerLimits> limits = DaemonGpuFacts.powerLimits(node.getMetadata().getAnnotations());
    GpuSpec gpu = new GpuSpec(labels.getOrDefault("nvidia.com/gpu.product", "gpu"),
        parseLong(labels.get("nvidia.com/gpu.memory")), limits.map(DaemonGpuFacts.PowerLimits::defaultW).orElse(nameplate),
        limits.map(DaemonGpuFacts.PowerLimits::minW).orElse(Math.min(GPU_MIN_LIMIT_W, nameplate)),
        limits.map(DaemonGpuFacts.PowerLimits::maxW).orElse(nameplate), GPU_SLOWDOWN_C);
    double host = hall.getSpec().getHostOverheadWatts() == null ? DEFAULT_HOST_OVERHEAD_W
        : hall.getSpec().getHostOverheadWatts();
    return Optional.of(NodeSpec.uniform(node.getMetadata().getName(), hall.getMetadata().getName(),
        listed ? rackId(hall, rackName) : defaultRack(hall), count, gpu, host)
        .withFacts(facts(node).withTaints(List.of())));
  }

  /**
   * What the engine checks pods against on this node: labels, taints and allocatable resources (GPUs excluded:
   * the engine counts those itself). Other schedulers' pods on it are not known yet (no informer for them), so
   * none are given.
   */
  public static NodeFacts facts(Node node) {
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    List<Taint> taints = new ArrayList<>();
    if (node.getSpec() != null && node.getSpec().getTaints() != null) {
      for (io.fabric8.kubernetes.api.model.Taint t : node.getSpec().getTaints()) {
        taints.add(new Taint(t.getKey(), t.getValue(), TaintEffect.parse(t.getEffect())));
      }
    }
    Resources allocatable = node.getStatus() == null ? Resources.NONE : resources(node.getStatus().getAllocatable());
    return new NodeFacts(labels, taints, allocatable, Resources.NONE, 0);
  }

  /**
   * What each pod of a template asks of its node, as kube-scheduler reads the PodSpec: {@code nodeSelector},
   * the required node affinity, tolerations, and the effective request ({@link Resources#podRequest}: the sum
   * over containers, or the largest init container if more, plus the overhead; restartable init containers,
   * sidecars, count with the containers). GPUs are left out: {@link Gang#gpusPerPod()} carries them. An operator
   * or effect Kubernetes does not define is refused with its name.
   */
  public static PodRequirements requirements(PodSpec spec) {
    List<NodeSelectorTerm> required = null;
    Affinity affinity = spec.getAffinity();
    if (affinity != null && affinity.getNodeAffinity() != null
        && affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
      required = new ArrayList<>();
      for (io.fabric8.kubernetes.api.model.NodeSelectorTerm t
          : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()) {
        required.add(new NodeSelectorTerm(selectorRequirements(t.getMatchExpressions()),
            selectorRequirements(t.getMatchFields())));
      }
    }
    List<Toleration> tolerations = new ArrayList<>();
    for (io.fabric8.kubernetes.api.model.Toleration t : spec.getTolerations()) {
      Toleration.Operator op = switch (t.getOperator() == null ? "" : t.getOperator()) {
        case "", "Equal" -> Toleration.Operator.EQUAL;
        case "Exists" -> Toleration.Operator.EXISTS;
        default -> throw new IllegalArgumentException("toleration operator \"" + t.getOperator()
            + "\" is not Equal or Exists");
      };
      TaintEffect effect = t.getEffect() == null || t.getEffect().isEmpty() ? null : TaintEffect.parse(t.getEffect());
      tolerations.add(new Toleration(t.getKey(), op, t.getValue(), effect));
    }
    List<Resources> containers = new ArrayList<>();
    List<Resources> init = new ArrayList<>();
    for (Container c : spec.getContainers()) {
      containers.add(requests(c));
    }
    for (Container c : spec.getInitContainers()) {
      ("Always".equals(c.getRestartPolicy()) ? containers : init).add(requests(c));
    }
    return new PodRequirements(spec.getNodeSelector(), required, tolerations,
        Resources.podRequest(containers, init, resources(spec.getOverhead())));
  }

  private static List<NodeSelectorRequirement> selectorRequirements(
      List<io.fabric8.kubernetes.api.model.NodeSelectorRequirement> list) {
    List<NodeSelectorRequirement> out = new ArrayList<>();
    for (io.fabric8.kubernetes.api.model.NodeSelectorRequirement r : list) {
      out.add(new NodeSelectorRequirement(r.getKey(), NodeSelectorRequirement.Operator.parse(r.getOperator()),
          r.getValues()));
    }
    return out;
  }

  private static Resources requests(Container c) {
    return c.getResources() == null ? Resources.NONE : resources(c.getResources().getRequests());
  }

  /**
   * A resource list in the engine's units, GPUs left out: CPU in millicores, everything else in whole units
   * (bytes, pods, devices), each rounded up as the kube-scheduler rounds requests.
   */
  static Resources resources(Map<String, Quantity> list) {
    if (list == null || list.isEmpty()) {
      return Resources.NONE;
    }
    Map<String, Long> amounts = new LinkedHashMap<>();
    for (Map.Entry<String, Quantity> e : list.entrySet()) {
      if (WattshiftApi.GPU_RESOURCE.equals(e.getKey()) || e.getValue() == null) {
        continue;
      }
      java.math.BigDecimal v = e.getValue().getNumericalAmount();
      if (Resources.CPU.equals(e.getKey())) {
        v = v.multiply(java.math.BigDecimal.valueOf(1000));
      }
      amounts.put(e.getKey(), v.setScale(0, java.math.RoundingMode.CEILING).longValueExact());
    }
    return new Resources(amounts);
  }

  /** Time the engine allows beyond the slowest fleet's confirm time: the fleet's report still has to reach it. */
  static final Duration CURTAIL_REISSUE_MARGIN = Duration.ofSeconds(5);

  /**
   * The engine's policy from the PowerPolicy in force (null: engine defaults), its curtail timeout fitted to the
   * miner fleets of {@code halls} ({@link #curtailTimeout}).
   */
  public static Policy policy(PowerPolicy policy, List<Hall> halls) {
    MiningPolicy mining = policy == null || policy.getSpec() == null ? null : policy.getSpec().getMining();
    return policy(policy).withCurtailTimeout(curtailTimeout(mining, halls));
  }

  /**
   * How long the engine waits before it issues an unconfirmed curtailment again: the latest any hall's fleet answers
   * a curtailment ({@link FleetSettings#curtailAnsweredWithin}: its confirm time, from its
   * {@code curtailConfirmSeconds}, else the policy's {@code curtailTimeoutSeconds}, else the fleet's default, exactly
   * as the fleet itself is built, or its commands if they take longer, then the last reading of a miner that did not
   * confirm, which for a silent miner runs to the client's timeouts) plus {@link #CURTAIL_REISSUE_MARGIN}, and never
   * less than the engine's default. Re-issued while a fleet is still confirming, a cut would sleep more miners than
   * it needs. A fleet whose settings cannot be read is not built either, so it does not count.
   */
  public static Duration curtailTimeout(MiningPolicy mining, List<Hall> halls) {
    Duration longest = Duration.ZERO;
    for (Hall hall : halls) {
      if (hall.getSpec() == null || hall.getSpec().getMiners() == null) {
        continue;
      }
      try {
        Duration confirm = FleetSettings.curtailAnsweredWithin(hall.getSpec().getMiners(), mining);
        longest = confirm.compareTo(longest) > 0 ? confirm : longest;
      } catch (RuntimeException e) {
        // the fleet is reported unavailable by the mining controller and commands no miner
      }
    }
    Duration timeout = longest.plus(CURTAIL_REISSUE_MARGIN);
    Duration floor = Policy.defaults().curtailTimeout();
    return timeout.compareTo(floor) > 0 ? timeout : floor;
  }

  /** The engine's policy from the PowerPolicy in force (null: engine defaults), without regard to miner fleets. */
  public static Policy policy(PowerPolicy policy) {
    Policy p = Policy.defaults();
    if (policy == null || policy.getSpec() == null) {
      return p;
    }
    PowerPolicySpec spec = policy.getSpec();
    if (spec.getReserveKilowatts() != null) {
      p = p.withReserveFraction(0); // the absolute reserve comes off each hall's feed instead
    }
    Capping capping = spec.getCapping();
    if (capping != null && capping.getMode() != null) {
      CappingMode mode = switch (capping.getMode()) {
        case Off -> CappingMode.NONE;
        case Fixed -> CappingMode.FIXED;
        case Oversubscribe -> CappingMode.OVERSUBSCRIBE;
      };
      p = p.withCapping(mode, capping.getCapWatts() == null ? p.fixedCapW() : capping.getCapWatts());
    }
    if (spec.getPlacement() != null) {
      p = p.withStrategy(spec.getPlacement() == PlacementStrategy.Spread ? Strategy.SPREAD : Strategy.BINPACK);
    }
    Thermal thermal = spec.getThermal();
    if (thermal != null && thermal.getHotMarginCelsius() != null) {
      p = p.withThermalMarginC(thermal.getHotMarginCelsius());
    }
    if (thermal != null && thermal.getStaleTelemetrySeconds() != null) {
      p = p.withTelemetryStaleAfter(Duration.ofSeconds(thermal.getStaleTelemetrySeconds()));
    }
    MiningPolicy mining = spec.getMining();
    if (mining != null) {
      if (mining.getMarginUsdPerMegawattHour() != null) {
        p = p.withMiningMargin(mining.getMarginUsdPerMegawattHour());
      }
      if (Boolean.FALSE.equals(mining.getEnabled())) {
        p = p.withMiningMargin(Double.MAX_VALUE); // never pays: no leases
      }
      p = p.withMiningHysteresis(
          mining.getMinLeaseSeconds() == null ? p.miningMinLease() : Duration.ofSeconds(mining.getMinLeaseSeconds()),
          mining.getMinOffSeconds() == null ? p.miningMinOff() : Duration.ofSeconds(mining.getMinOffSeconds()),
          mining.getHysteresisKilowatts() == null ? p.miningStepKw() : mining.getHysteresisKilowatts());
    }
    if (spec.getPausePreemptibleAboveUsdPerMegawattHour() != null) {
      p = p.withPauseAiAbove(spec.getPausePreemptibleAboveUsdPerMegawattHour());
    }
    if (!spec.getTenantQuotas().isEmpty()) {
      Map<String, Double> quotas = new LinkedHashMap<>();
      for (TenantQuota q : spec.getTenantQuotas()) {
        quotas.put(q.getTenant(), q.getMaxKilowatts());
      }
      p = p.withTenantQuotaKw(quotas);
    }
    return p;
  }

  /** The PowerPolicy in force: the oldest (name breaks ties). */
  public static Optional<PowerPolicy> policyInForce(List<PowerPolicy> policies) {
    return policies.stream().min(Comparator.comparing((PowerPolicy p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
        .thenComparing(p -> p.getMetadata().getName()));
  }

  /** Energy price now ($/MWh) and hashprice ($/PH/day) from the site. */
  public static Market market(Site site, Instant now) {
    return new Market(price(site, now), orZero(site.getSpec().getHashpriceUsdPerTerahashDay()) * 1000.0);
  }

  /** Energy price at {@code now}: the first time-of-use period covering the UTC hour, else the flat price. */
  public static double price(Site site, Instant now) {
    EnergyPrice price = site.getSpec().getEnergyPrice();
    if (price == null) {
      return 0;
    }
    int hour = now.atZone(ZoneOffset.UTC).getHour();
    for (PricePeriod period : price.getTimeOfUse()) {
      if (hour >= period.getStartHour() && hour < period.getEndHour()) {
        return period.getUsdPerMegawattHour();
      }
    }
    return orZero(price.getFlatUsdPerMegawattHour());
  }

  /**
   * The engine's job for a gang whose pods are made from {@code template}: {@link #job(Gang)} with each pod's
   * node requirements ({@link #requirements}); a gang asking for no GPU is a CPU-only job (the engine places it by
   * its requests and books host power only) instead of one booked as a GPU.
   */
  public static JobSpec job(Gang gang, PodSpec template) {
    JobSpec spec = job(gang).withRequirements(requirements(template));
    if (gang.gpusPerPod() > 0) {
      return spec;
    }
    return new JobSpec(spec.key(), spec.tenant(), spec.queue(), spec.kind(), spec.pods(), 0, spec.minAvailable(),
        spec.priority(), spec.preemptible(), spec.gpuCapW(), spec.topology(), spec.submitted(), spec.requirements());
  }

  /** The engine's job for a gang: all-or-nothing when every pod must bind together. */
  public static JobSpec job(Gang gang) {
    JobKind kind = gang.minMembers() >= gang.size() ? JobKind.TRAINING : JobKind.INFERENCE;
    Topology topology = switch (gang.topology()) {
      case "SameHall" -> Topology.SAME_HALL;
      case "SameRack" -> Topology.SAME_RACK;
      default -> Topology.ANY;
    };
    return new JobSpec(gang.key(), gang.tenant(), gang.queue(), kind, gang.size(), Math.max(gang.gpusPerPod(), 1),
        Math.max(1, gang.minMembers()), gang.priority(), gang.preemptible(), gang.capWatts(), topology,
        gang.firstSeen());
  }

  static String rackId(Hall hall, String rack) {
    return hall.getMetadata().getName() + "/" + rack;
  }

  static String defaultRack(Hall hall) {
    return hall.getMetadata().getName() + "/unlisted";
  }

  private static boolean active(DemandResponse dr, Instant now) {
    return time(dr.getStartTime()).map(start -> !start.isAfter(now)).orElse(true)
        && time(dr.getEndTime()).map(end -> end.isAfter(now)).orElse(true);
  }

  /** An RFC 3339 time, or empty when absent or unreadable (the schema refuses those; older objects may hold them). */
  private static Optional<Instant> time(String rfc3339) {
    if (rfc3339 == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(rfc3339.toUpperCase(java.util.Locale.ROOT)).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static long parseLong(String s) {
    try {
      return s == null ? 0 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static double orZero(Double d) {
    return d == null ? 0 : d;
  }
}
