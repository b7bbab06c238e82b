package io.wattshift.miners;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Every metric of the mining side, in one place. Names as Prometheus shows them:
 * <ul>
 *   <li>{@code wattshift_curtailment_seconds} (histogram): from the AI job's arrival to the mining power being free
 *       (confirmed by the miners or given up at the confirm timeout)</li>
 *   <li>{@code wattshift_miner_commands_total{action,outcome}}: curtail commands sent (action sleep|wakeup,
 *       outcome ok|error)</li>
 *   <li>{@code wattshift_miner_errors_total{kind}}: failed exchanges by {@link MinerError.Kind}</li>
 *   <li>{@code wattshift_miners{hall,state}}: miners per hall by state (awake|curtailing|asleep|unknown|unhealthy)</li>
 *   <li>{@code wattshift_mining_power_watts{hall,basis}}: mining power per hall as the miners report it
 *       ({@code basis=reported}) and as the scheduler commits it, unhealthy miners at nameplate
 *       ({@code basis=committed})</li>
 *   <li>{@code wattshift_mining_hashrate_terahash_per_second{hall}}: reported hashrate</li>
 *   <li>{@code wattshift_mining_fleet_unavailable{hall}}: 1 while a Hall names miners but no fleet could be built
 *       for it (missing Secret, protocol without adapter, bad spec); 0 once it is built</li>
 *   <li>{@code wattshift_mining_decisions_total{decision,outcome}}: engine mining decisions (lease|curtail) by
 *       outcome (ok|no_fleet: answered with 0 kW for a hall without a fleet|failed)</li>
 * </ul>
 * Tags are bounded: halls are few, kinds and states are enums. The registry is built in main and passed in.
 */
public final class MinerMetrics {

    private final MeterRegistry registry;
    private final Timer curtailment;
    private final java.util.Map<String, java.util.List<io.micrometer.core.instrument.Meter>> hallGauges =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> unavailableHalls =
            new java.util.concurrent.ConcurrentHashMap<>();

    public MinerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.curtailment = Timer.builder("wattshift.curtailment")
                .description("AI arrival to mining power free")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofSeconds(120))
                .register(registry);
    }

    public void recordCurtailment(Duration arrivalToFree) {
        curtailment.record(arrivalToFree);
    }

    public Timer curtailmentTimer() {
        return curtailment;
    }

    public void command(CurtailAction action, MinerStatus outcome) {
        Counter.builder("wattshift.miner.commands").description("curtail commands sent to miners")
                .tag("action", action.luxosWord()).tag("outcome", outcome.healthy() ? "ok" : "error")
                .register(registry).increment();
        if (!outcome.healthy()) error(outcome.error());
    }

    public void error(MinerError error) {
        Counter.builder("wattshift.miner.errors").description("failed exchanges with miners")
                .tag("kind", error.kind().name().toLowerCase(java.util.Locale.ROOT)).register(registry).increment();
    }

    /** Whether the hall's fleet could not be built (1) or is built (0); see {@code wattshift_mining_fleet_unavailable}. */
    public void fleetUnavailable(String hall, boolean unavailable) {
        unavailableHalls.computeIfAbsent(hall, h -> {
            var flag = new java.util.concurrent.atomic.AtomicInteger();
            Gauge.builder("wattshift.mining.fleet.unavailable", flag, java.util.concurrent.atomic.AtomicInteger::get)
                    .description("1 while a hall's miners are declared but no fleet could be built").tag("hall", h)
                    .register(registry);
            return flag;
        }).set(unavailable ? 1 : 0);
    }

    /** One engine mining decision ({@code lease}|{@code curtail}) finished with {@code outcome} (ok|no_fleet|failed). */
    public void decision(String decision, String outcome) {
        Counter.builder("wattshift.mining.decisions").description("engine mining decisions by outcome")
                .tag("decision", decision).tag("outcome", outcome).register(registry).increment();
    }

    /**
     * Registers the per-hall gauges, read at scrape time. Registering a hall again (its fleet was rebuilt after a
     * Hall change) replaces the old gauges, which would otherwise keep reading the old fleet.
     */
    public void registerHall(String hall, java.util.function.Function<String, Number> minersInState,
                             Supplier<Number> reportedWatts, Supplier<Number> committedWatts, Supplier<Number> terahash) {
        java.util.List<io.micrometer.core.instrument.Meter> meters = new java.util.ArrayList<>();
        var old = hallGauges.remove(hall);
        if (old != null) old.forEach(registry::remove);
        for (String state : new String[] {"awake", "curtailing", "asleep", "unknown", "unhealthy"}) {
            meters.add(Gauge.builder("wattshift.miners", () -> minersInState.apply(state)).description("miners by state")
                    .tag("hall", hall).tag("state", state).register(registry));
        }
        meters.add(Gauge.builder("wattshift.mining.power.watts", reportedWatts).description("mining power")
                .tag("hall", hall).tag("basis", "reported").register(registry));
        meters.add(Gauge.builder("wattshift.mining.power.watts", committedWatts).description("mining power")
                .tag("hall", hall).tag("basis", "committed").register(registry));
        meters.add(Gauge.builder("wattshift.mining.hashrate.terahash.per.second", terahash).description("reported hashrate")
                .tag("hall", hall).register(registry));
        hallGauges.put(hall, meters);
    }
}
