package io.wattshift.engine.model;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Operator settings (the PowerPolicy resource). Use {@link #defaults()} and the {@code with...} methods.
 *
 * @param reserveFraction        fraction of every hall feed and site interconnect held back (0.05 = 5%)
 * @param capping                capping mode
 * @param fixedCapW              per-GPU cap in {@link CappingMode#FIXED} mode; the lowest cap
 *                               {@link CappingMode#OVERSUBSCRIBE} may set, W
 * @param thermalMarginC         GPUs within this many degrees of their slowdown temperature score worse
 * @param strategy               binpack or spread
 * @param miningMarginUsdPerMwh  mining runs only when revenue - energy price >= this margin, $/MWh
 * @param tenantQuotaKw          per-tenant cap on committed AI power, kW (absent = unlimited)
 * @param miningMinLease         deprecated, ignored: a lease in a losing interval is cut at once whatever its age
 *                               (it let mining run at a loss through price spikes); the hysteresis band of
 *                               {@link MarketPolicy} is the anti-flap rule
 * @param miningMinOff           after a price release, mining is not offered again before this long
 * @param miningStepKw           a lease grows only by at least this many kW (hysteresis against churn)
 * @param telemetryStaleAfter    telemetry older than this counts the node at nameplate power
 * @param curtailTimeout         a curtailment not confirmed after this long is issued again
 * @param assumeTimeout          a bind neither confirmed nor failed after this long is forgotten
 * @param backoff                a job whose bind failed waits this long before it is tried again
 * @param pauseAiAboveUsdPerMwh  above this energy price all preemptible AI is checkpointed (preempted) and held
 *                               back, whatever it earns; +infinity = never (work is still suspended where energy
 *                               costs more than it earns, see {@link MarketPolicy})
 * @param market                 how the market room weighs a megawatt: mining hysteresis, pool fee, miner ramps,
 *                               the value of AI work
 */
public record Policy(double reserveFraction, CappingMode capping, double fixedCapW, double thermalMarginC,
                     Strategy strategy, double miningMarginUsdPerMwh, Map<String, Double> tenantQuotaKw,
                     Duration miningMinLease, Duration miningMinOff, double miningStepKw,
                     Duration telemetryStaleAfter, Duration curtailTimeout, Duration assumeTimeout,
                     Duration backoff, double pauseAiAboveUsdPerMwh, MarketPolicy market) {
    public Policy {
        if (!(reserveFraction >= 0 && reserveFraction < 1)) {
            throw new IllegalArgumentException("reserveFraction must be in [0, 1), got " + reserveFraction);
        }
        Objects.requireNonNull(capping, "capping");
        Objects.requireNonNull(strategy, "strategy");
        Checks.nonNegative(thermalMarginC, "thermalMarginC");
        Checks.nonNegative(miningStepKw, "miningStepKw");
        tenantQuotaKw = Map.copyOf(tenantQuotaKw);
        Objects.requireNonNull(miningMinLease, "miningMinLease");
        Objects.requireNonNull(miningMinOff, "miningMinOff");
        Objects.requireNonNull(telemetryStaleAfter, "telemetryStaleAfter");
        Objects.requireNonNull(curtailTimeout, "curtailTimeout");
        Objects.requireNonNull(assumeTimeout, "assumeTimeout");
        Objects.requireNonNull(backoff, "backoff");
        if (Double.isNaN(pauseAiAboveUsdPerMwh)) {
            throw new IllegalArgumentException("pauseAiAboveUsdPerMwh is NaN");
        }
        Objects.requireNonNull(market, "market");
    }

    /**
     * 5% reserve, no capping (500 W cap / floor when turned on), binpack, $5/MWh mining margin, 15 min minimum
     * lease, 5 min minimum off time, 50 kW grant step, telemetry stale after 30 s, no price threshold for all
     * preemptible AI, the market defaults of {@link MarketPolicy#defaults()}.
     */
    public static Policy defaults() {
        return new Policy(0.05, CappingMode.NONE, 500, 5, Strategy.BINPACK, 5, Map.of(),
            Duration.ofMinutes(15), Duration.ofMinutes(5), 50, Duration.ofSeconds(30), Duration.ofSeconds(30),
            Duration.ofMinutes(2), Duration.ofSeconds(10), Double.POSITIVE_INFINITY, MarketPolicy.defaults());
    }

    public Policy withReserveFraction(double v) {
        return edit(b -> b.reserveFraction = v);
    }

    /** Capping mode and its watts: the cap in FIXED mode, the lowest cap OVERSUBSCRIBE may set. */
    public Policy withCapping(CappingMode mode, double capW) {
        return edit(b -> {
            b.capping = mode;
            b.fixedCapW = capW;
        });
    }

    public Policy withStrategy(Strategy v) {
        return edit(b -> b.strategy = v);
    }

    public Policy withMiningMargin(double usdPerMwh) {
        return edit(b -> b.miningMarginUsdPerMwh = usdPerMwh);
    }

    public Policy withTenantQuotaKw(Map<String, Double> quotas) {
        return edit(b -> b.tenantQuotaKw = quotas);
    }

    public Policy withMiningHysteresis(Duration minLease, Duration minOff, double stepKw) {
        return edit(b -> {
            b.miningMinLease = minLease;
            b.miningMinOff = minOff;
            b.miningStepKw = stepKw;
        });
    }

    public Policy withTelemetryStaleAfter(Duration v) {
        return edit(b -> b.telemetryStaleAfter = v);
    }

    /**
     * How long a curtailment may stay unconfirmed before it is issued again. An adapter whose miners take longer to
     * confirm sets it above their confirm time, or the re-issue sleeps more miners than the cut needs.
     */
    public Policy withCurtailTimeout(Duration v) {
        return edit(b -> b.curtailTimeout = v);
    }

    public Policy withThermalMarginC(double v) {
        return edit(b -> b.thermalMarginC = v);
    }

    public Policy withPauseAiAbove(double usdPerMwh) {
        return edit(b -> b.pauseAiAboveUsdPerMwh = usdPerMwh);
    }

    public Policy withMarket(MarketPolicy v) {
        return edit(b -> b.market = Objects.requireNonNull(v, "market"));
    }

    /** The quota of a tenant in kW, or +infinity if it has none. */
    public double quotaKw(String tenant) {
        Double q = tenantQuotaKw.get(tenant);
        return q == null ? Double.POSITIVE_INFINITY : q;
    }

    private Policy edit(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return f.build();
    }

    /** The components as mutable fields: one place that copies a policy, so each wither names only its change. */
    private static final class Fields {
        double reserveFraction;
        CappingMode capping;
        double fixedCapW;
        double thermalMarginC;
        Strategy strategy;
        double miningMarginUsdPerMwh;
        Map<String, Double> tenantQuotaKw;
        Duration miningMinLease;
        Duration miningMinOff;
        double miningStepKw;
        Duration telemetryStaleAfter;
        Duration curtailTimeout;
        Duration assumeTimeout;
        Duration backoff;
        double pauseAiAboveUsdPerMwh;
        MarketPolicy market;

        Fields(Policy p) {
            reserveFraction = p.reserveFraction;
            capping = p.capping;
            fixedCapW = p.fixedCapW;
            thermalMarginC = p.thermalMarginC;
            strategy = p.strategy;
            miningMarginUsdPerMwh = p.miningMarginUsdPerMwh;
            tenantQuotaKw = p.tenantQuotaKw;
            miningMinLease = p.miningMinLease;
            miningMinOff = p.miningMinOff;
            miningStepKw = p.miningStepKw;
            telemetryStaleAfter = p.telemetryStaleAfter;
            curtailTimeout = p.curtailTimeout;
            assumeTimeout = p.assumeTimeout;
            backoff = p.backoff;
            pauseAiAboveUsdPerMwh = p.pauseAiAboveUsdPerMwh;
            market = p.market;
        }

        Policy build() {
            return new Policy(reserveFraction, capping, fixedCapW, thermalMarginC, strategy, miningMarginUsdPerMwh,
                tenantQuotaKw, miningMinLease, miningMinOff, miningStepKw, telemetryStaleAfter, curtailTimeout,
                assumeTimeout, backoff, pauseAiAboveUsdPerMwh, market);
        }
    }
}
