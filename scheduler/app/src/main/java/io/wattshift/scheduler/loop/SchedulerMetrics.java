package io.wattshift.scheduler.loop;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metrics of the live scheduler (Prometheus names):
 * <ul>
 * <li>{@code wattshift_pending_jobs{reason}}: jobs (gangs) waiting, by the reason the engine gave (bounded set:
 * {@link PendingReason});</li>
 * <li>{@code wattshift_scheduling_latency_seconds}: histogram, gang first seen pending to all its pods bound;</li>
 * <li>{@code wattshift_binds_total{result}}: pod bindings, result ok or failed;</li>
 * <li>{@code wattshift_hall_committed_kilowatts{hall}}, {@code wattshift_hall_mining_kilowatts{hall}} and
 * {@code wattshift_hall_limit_kilowatts{hall}} (the effective limit: feed less reserve; the chart's
 * WattshiftHallNearLimit alert divides by it): live hall power (tags bounded by the number of Hall objects);</li>
 * <li>{@code wattshift_site_limit_kilowatts{site}} (the grid interconnect limit in force, demand response
 * included) and {@code wattshift_site_energy_price_usd_per_megawatt_hour{site}} (the price the engine decides
 * mining on now), refreshed with the Site status (tags bounded by the number of Site objects).</li>
 * </ul>
 * Updated on the scheduling context; read by the Prometheus scrape from any thread (atomics).
 */
public final class SchedulerMetrics {
  private final MeterRegistry registry;
  private final Map<PendingReason, AtomicInteger> pending = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> hallCommitted = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> hallMining = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> hallLimit = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> siteLimit = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> sitePrice = new ConcurrentHashMap<>();
  private final Timer latency;
  private final Counter bindsOk;
  private final Counter bindsFailed;

  public SchedulerMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (PendingReason reason : PendingReason.values()) {
      AtomicInteger value = new AtomicInteger();
      pending.put(reason, value);
      Gauge.builder("wattshift.pending.jobs", value, AtomicInteger::get).tag("reason", reason.name())
          .description("Jobs waiting to be placed, by reason").register(registry);
    }
    latency = Timer.builder("wattshift.scheduling.latency").description("First seen pending to all pods bound")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(30)).register(registry);
    bindsOk = Counter.builder("wattshift.binds").tag("result", "ok").description("Pod bindings").register(registry);
    bindsFailed = Counter.builder("wattshift.binds").tag("result", "failed").description("Pod bindings")
        .register(registry);
  }

  /** Replaces the pending counts; reasons absent from {@code counts} drop to zero. */
  public void pending(Map<PendingReason, Integer> counts) {
    pending.forEach((reason, value) -> value.set(counts.getOrDefault(reason, 0)));
  }

  public void scheduled(Duration sinceFirstSeen) {
    latency.record(sinceFirstSeen);
  }

  public void bound(boolean ok) {
    (ok ? bindsOk : bindsFailed).increment();
  }

  /** Live hall power in kW; stored as milli-kW so a scrape never sees a torn double. */
  public void hall(String hall, double committedKw, double miningKw, double limitKw) {
    gauge(hallCommitted, "wattshift.hall.committed.kilowatts", "AI power committed in the hall", "hall", hall)
        .set(Math.round(committedKw * 1000));
    gauge(hallMining, "wattshift.hall.mining.kilowatts", "Power leased to mining in the hall", "hall", hall)
        .set(Math.round(miningKw * 1000));
    gauge(hallLimit, "wattshift.hall.limit.kilowatts", "Effective power limit of the hall (feed less reserve)",
        "hall", hall).set(Math.round(limitKw * 1000));
  }

  /** The site's grid limit in force (kW) and energy price now ($/MWh), stored in thousandths like the halls'. */
  public void site(String site, double limitKw, double priceUsdPerMwh) {
    gauge(siteLimit, "wattshift.site.limit.kilowatts", "Grid interconnect limit of the site in force now", "site",
        site).set(Math.round(limitKw * 1000));
    gauge(sitePrice, "wattshift.site.energy.price.usd.per.megawatt.hour", "Energy price the site pays now",
        "site", site).set(Math.round(priceUsdPerMwh * 1000));
  }

  private AtomicLong gauge(Map<String, AtomicLong> gauges, String name, String help, String tag, String value) {
    return gauges.computeIfAbsent(value, v -> {
      AtomicLong stored = new AtomicLong();
      Gauge.builder(name, stored, s -> s.get() / 1000.0).tag(tag, v).description(help).register(registry);
      return stored;
    });
  }
}
