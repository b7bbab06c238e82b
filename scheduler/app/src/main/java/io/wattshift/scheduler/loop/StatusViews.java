package io.wattshift.scheduler.loop;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.wattshift.api.Hall;
import io.wattshift.api.DemandResponseStatus;
import io.wattshift.api.HallStatus;
import io.wattshift.api.PowerPolicy;
import io.wattshift.api.PowerPolicyStatus;
import io.wattshift.api.Rack;
import io.wattshift.api.RackStatus;
import io.wattshift.api.Site;
import io.wattshift.api.SiteStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Pure: the status the scheduler publishes for Halls, Sites and PowerPolicies. */
public final class StatusViews {
  /** The Hall condition types the scheduling loop owns; any other type on a Hall is another writer's. */
  public static final Set<String> HALL_CONDITIONS = Set.of("Ready");

  private StatusViews() {
  }

  /**
   * Hall status from the engine's headroom; {@code headroom} null means the engine does not know the hall (its Site
   * is missing), which the Ready condition says.
   */
  public static HallStatus hall(Hall hall, HallHeadroom headroom, Set<String> sites, Instant now) {
    return hall(hall, headroom, sites, null, now);
  }

  /** As above; {@code problem} (non-null) is why the scheduler cannot read the hall's spec (Ready False, InvalidSpec). */
  public static HallStatus hall(Hall hall, HallHeadroom headroom, Set<String> sites, String problem, Instant now) {
    HallStatus s = new HallStatus();
    String site = hall.getSpec().getSite();
    boolean siteMissing = site != null && !sites.contains(site);
    if (headroom != null) {
      s.setLimitKilowatts(headroom.limitKw());
      s.setAiKilowatts(headroom.aiKw());
      s.setMiningKilowatts(headroom.miningKw());
      s.setFreeKilowatts(headroom.freeKw());
      s.setCoolingPercent(headroom.coolingPercent());
      s.setCoolingCapacityKilowatts(headroom.coolingCapacityKw());
      s.setGpus(headroom.gpus());
      s.setGpusFree(headroom.freeGpus());
    }
    for (Rack r : hall.getSpec().getRacks()) {
      RackStatus rs = new RackStatus();
      rs.setName(r.getName());
      rs.setLimitKilowatts(r.getLimitKilowatts());
      s.getRacks().add(rs);
    }
    s.setObservedGeneration(hall.getMetadata().getGeneration());
    String previous = hall.getStatus() == null ? null : hall.getStatus().getUpdated();
    s.setUpdated(previous);
    List<Condition> prev = conditionsOf(hall);
    Condition ready = problem != null ? invalid(prev, hall, problem, now)
        : siteMissing
        ? condition(prev, hall, "Ready", "False", "SiteNotFound", "spec.site " + site + " does not name a Site", now)
        : condition(prev, hall, "Ready", "True", "Scheduling", "the scheduler places work in this hall", now);
    s.setConditions(keepingForeign(List.of(ready), prev));
    return s;
  }

  /**
   * Writes {@code desired} (built from a possibly out-of-date copy) as the status of {@code latest}, the object as
   * last read from the API server, keeping the conditions of {@code latest} that other writers own (the mining
   * side's MinersUnavailable): a retry after a 409 then never drops a condition written in the meantime. Idempotent;
   * for {@code ClusterWriter.updateStatus}, which calls it again on each re-read.
   */
  public static void writeHall(Hall latest, HallStatus desired) {
    desired.setConditions(keepingForeign(desired.getConditions(), conditionsOf(latest)));
    latest.setStatus(desired);
  }

  /**
   * The scheduler's own Hall conditions ({@code own}, of the types in {@link #HALL_CONDITIONS}) followed by the
   * conditions of {@code previous} of any other type, which belong to other writers and are kept as they are.
   */
  static List<Condition> keepingForeign(List<Condition> own, List<Condition> previous) {
    List<Condition> out = new ArrayList<>();
    own.stream().filter(c -> HALL_CONDITIONS.contains(c.getType())).forEach(out::add);
    previous.stream().filter(c -> !HALL_CONDITIONS.contains(c.getType())).forEach(out::add);
    return out;
  }

  private static List<Condition> conditionsOf(Hall hall) {
    return hall.getStatus() == null || hall.getStatus().getConditions() == null ? List.of()
        : hall.getStatus().getConditions();
  }

  /** Site status: sums over its halls. */
  public static SiteStatus site(Site site, List<HallHeadroom> halls, double limitKw, double priceUsdPerMwh, Instant now) {
    return site(site, halls, limitKw, priceUsdPerMwh, null, null, now);
  }

  /**
   * As above; {@code problem} (non-null) is why the scheduler cannot read the site's spec. An unreadable
   * demand-response time adds a DemandResponse condition (False, InvalidDemandResponse). {@code demandResponse}
   * (non-null while an event is in force) becomes status.demandResponse and a DemandResponse condition: True
   * (LimitMet) once the site's draw by the books is under the limit, else False (Curtailing until the deadline,
   * DeadlineMissed after it).
   */
  public static SiteStatus site(Site site, List<HallHeadroom> halls, double limitKw, double priceUsdPerMwh,
      String problem, DemandResponseLog.Report demandResponse, Instant now) {
    SiteStatus s = new SiteStatus();
    double ai = halls.stream().mapToDouble(HallHeadroom::aiKw).sum();
    double mining = halls.stream().mapToDouble(HallHeadroom::miningKw).sum();
    s.setLimitKilowatts(round(limitKw));
    s.setAiKilowatts(round(ai));
    s.setMiningKilowatts(round(mining));
    s.setFreeKilowatts(round(Math.max(0, limitKw - ai - mining)));
    s.setEnergyPriceUsdPerMegawattHour(priceUsdPerMwh);
    s.setHalls(halls.size());
    s.setObservedGeneration(site.getMetadata().getGeneration());
    s.setUpdated(site.getStatus() == null ? null : site.getStatus().getUpdated());
    List<Condition> prev = site.getStatus() == null ? List.of() : site.getStatus().getConditions();
    s.getConditions().add(problem != null ? invalid(prev, site, problem, now)
        : condition(prev, site, "Ready", "True", "Scheduling", halls.size() + " hall(s)", now));
    var invalid = Translation.invalidDemandResponse(site);
    invalid.ifPresent(why ->
        s.getConditions().add(condition(prev, site, "DemandResponse", "False", "InvalidDemandResponse", why, now)));
    if (demandResponse != null) {
      double draw = round(ai + mining);
      s.setDemandResponse(demandResponse(demandResponse, draw));
      if (invalid.isEmpty()) {
        s.getConditions().add(demandResponseCondition(prev, site, demandResponse, draw, now));
      }
    }
    return s;
  }

  private static DemandResponseStatus demandResponse(DemandResponseLog.Report r, double draw) {
    DemandResponseStatus d = new DemandResponseStatus();
    d.setActive(true);
    d.setLimitKilowatts(r.limitKw());
    d.setSince(r.since().toString());
    d.setDeadline(r.deadline().toString());
    d.setDrawKilowatts(draw);
    d.setShedMiningKilowatts(round(r.shedMiningKw()));
    d.setCappedGpus(r.cappedGpus());
    d.setPreemptedJobs(List.copyOf(r.preempted()));
    return d;
  }

  private static Condition demandResponseCondition(List<Condition> prev, Site site, DemandResponseLog.Report r,
      double draw, Instant now) {
    String done = shedSummary(r);
    if (draw <= r.limitKw() + 0.05) {
      return condition(prev, site, "DemandResponse", "True", "LimitMet",
          "under the demand-response limit of " + r.limitKw() + " kW: " + done, now);
    }
    boolean late = !now.isBefore(r.deadline());
    return condition(prev, site, "DemandResponse", "False", late ? "DeadlineMissed" : "Curtailing",
        "drawing " + draw + " kW (AI + mining not yet confirmed off) against the limit of " + r.limitKw() + " kW"
            + (late ? "; the deadline " + r.deadline() + " has passed" : " by " + r.deadline()) + ": " + done, now);
  }

  /** "shed 40.0 kW of mining, capped 0 GPU(s), preempted 1 job(s) (team/x)": what was done, in the order done. */
  public static String shedSummary(DemandResponseLog.Report r) {
    return "shed " + round(r.shedMiningKw()) + " kW of mining, capped " + r.cappedGpus() + " GPU(s), preempted "
        + r.preempted().size() + " job(s)" + (r.preempted().isEmpty() ? "" : " (" + String.join(", ", r.preempted()) + ")");
  }

  /** Policy status: Active=True for the policy in force, False (Superseded) for the others. */
  public static PowerPolicyStatus policy(PowerPolicy policy, boolean inForce, Instant now) {
    return policy(policy, inForce, null, now);
  }

  /** As above; {@code problem} (non-null): the spec cannot be read, the last good policy stays in force. */
  public static PowerPolicyStatus policy(PowerPolicy policy, boolean inForce, String problem, Instant now) {
    PowerPolicyStatus s = new PowerPolicyStatus();
    s.setObservedGeneration(policy.getMetadata().getGeneration());
    List<Condition> prev = policy.getStatus() == null ? List.of() : policy.getStatus().getConditions();
    s.getConditions().add(problem != null ? invalid(prev, policy, problem + "; the last readable policy stays in force", now)
        : inForce
        ? condition(prev, policy, "Active", "True", "InForce", "the oldest PowerPolicy is the one in force", now)
        : condition(prev, policy, "Active", "False", "Superseded", "an older PowerPolicy is in force", now));
    return s;
  }

  private static Condition invalid(List<Condition> prev, HasMetadata owner, String problem, Instant now) {
    return condition(prev, owner, owner instanceof PowerPolicy ? "Active" : "Ready", "False", "InvalidSpec",
        "the scheduler cannot read this object's spec: " + problem, now);
  }

  /** A condition that keeps its lastTransitionTime while its status does not change. */
  public static Condition condition(List<Condition> previous, HasMetadata owner, String type, String status, String reason,
      String message, Instant now) {
    String since = previous.stream().filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
        .map(Condition::getLastTransitionTime).findFirst().orElse(now.toString());
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(since).withObservedGeneration(owner.getMetadata().getGeneration()).build();
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
