package io.wattshift.scheduler.loop;

import io.wattshift.api.Site;
import io.wattshift.engine.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the engine did for each site's demand-response event: the shedding decisions that restore a limit
 * ({@code forJob} null) in the site's halls while its event is in force. The engine sheds in its cheapest order
 * (Enforcer: mining, then GPU caps when the policy caps, then preemptible AI, then any job) and only as far as the
 * limit needs; this log only records it. Single-threaded: the scheduling context, like the engine.
 */
public final class DemandResponseLog {

  /** One event's record; {@code since} is when the scheduler first saw it in force. */
  public record Report(String site, double limitKw, Instant since, Instant deadline, double shedMiningKw, int cappedGpus,
      List<String> preempted) {
  }

  private static final class Event {
    final String identity;
    final double limitKw;
    final Instant since;
    final Instant deadline;
    double shedMiningKw;
    final Set<String> cappedGpus = new TreeSet<>();
    final Set<String> preempted = new LinkedHashSet<>();

    Event(String identity, double limitKw, Instant since, Instant deadline) {
      this.identity = identity;
      this.limitKw = limitKw;
      this.since = since;
      this.deadline = deadline;
    }
  }

  private final Map<String, Event> events = new HashMap<>();

  /** Starts a record for each event that came into force, drops those that ended (a changed event starts afresh). */
  void observe(List<Site> sites, Instant now) {
    Set<String> live = new java.util.HashSet<>();
    for (Site site : sites) {
      String name = site.getMetadata().getName();
      // a Site without a spec (refused by today's schema, possible from an older one) has no event; it must not
      // stop the others' (its translation is reported on its own status)
      if (site.getSpec() == null || !Translation.demandResponseActive(site, now)) {
        continue;
      }
      var dr = site.getSpec().getDemandResponse();
      String identity = dr.getLimitKilowatts() + "/" + dr.getStartTime() + "/" + dr.getEndTime() + "/"
          + dr.withinSecondsOrDefault();
      live.add(name);
      Event e = events.get(name);
      if (e == null || !e.identity.equals(identity)) {
        events.put(name, new Event(identity, dr.getLimitKilowatts(), now, now.plusSeconds(dr.withinSecondsOrDefault())));
      }
    }
    events.keySet().retainAll(live);
  }

  /**
   * Records one step's decisions. {@code siteOfHall} and {@code hallOfNode} map names (null when unknown). A
   * {@code SetPowerCap} on a node that also gets a {@code Bind} in the same step caps a new pod, not the event's
   * shedding, and is not counted.
   */
  void record(List<Decision> step, Function<String, String> siteOfHall, Function<String, String> hallOfNode) {
    if (events.isEmpty()) {
      return;
    }
    Set<String> bindNodes = new java.util.HashSet<>();
    step.stream().filter(d -> d instanceof Decision.Bind).forEach(d -> bindNodes.add(((Decision.Bind) d).node()));
    for (Decision d : step) {
      if (d instanceof Decision.CurtailMining c && c.forJob() == null) {
        event(siteOfHall.apply(c.hall())).ifPresent(e -> e.shedMiningKw += c.kw());
      } else if (d instanceof Decision.SetPowerCap c && !bindNodes.contains(c.node())) {
        String hall = hallOfNode.apply(c.node());
        event(hall == null ? null : siteOfHall.apply(hall)).ifPresent(e -> e.cappedGpus.add(c.node() + "/" + c.gpu()));
      } else if (d instanceof Decision.Preempt p && p.forJob() == null) {
        events.forEach((site, e) -> {
          if (p.reason() != null && p.reason().startsWith("site " + site + " ")) {
            e.preempted.addAll(p.victims());
          }
        });
      }
    }
  }

  private Optional<Event> event(String site) {
    return Optional.ofNullable(site == null ? null : events.get(site));
  }

  /** The record of the site's event in force, if any. */
  Optional<Report> report(String site) {
    return event(site).map(e -> new Report(site, e.limitKw, e.since, e.deadline, e.shedMiningKw, e.cappedGpus.size(),
        new ArrayList<>(e.preempted)));
  }
}
