package io.wattshift.engine.model;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Operator settings (the PowerPolicy resource). Use {@link #defaults()} and the {@code with...} methods.
 *
 * @param reserveFraction        fraction of every hall feed and site interconnect held back (0.05 = 5%)
 * @param capping                capping mode
 * @param fixedCapW              per-GPU cap in {@link CappingMode#FIXED} mode, W
 * @param thermalMarginC         GPUs within this many degrees of their slowdown temperature score worse
 * @param strategy               binpack or spread
 * @param miningMarginUsdPerMwh  mining runs only when revenue - energy price >= this margin, $/MWh
 * @param tenantQuotaKw          per-tenant cap on committed AI power, kW (absent = unlimited)
 * @param miningMinLease         a lease is not released for price reasons before it has run this long
 * @param miningMinOff           after a price release, mining is not offered again before this long
 * @param miningStepKw           a lease grows only by at least this many kW (hysteresis against churn)
 * @param telemetryStaleAfter    telemetry older than this counts the node at nameplate power
 * @param curtailTimeout         a curtailment not confirmed after this long is issued again
 * @param assumeTimeout          a bind neither confirmed nor failed after this long is forgotten
 * @param backoff                a job whose bind failed waits this long before it is tried again
 */
public record Policy(double reserveFraction, CappingMode capping, double fixedCapW, double thermalMarginC,
                     Strategy strategy, double miningMarginUsdPerMwh, Map<String, Double> tenantQuotaKw,
                     Duration miningMinLease, Duration miningMinOff, double miningStepKw,
                     Duration telemetryStaleAfter, Duration curtailTimeout, Duration assumeTimeout,
                     Duration backoff) {
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
    }

    /** 5% reserve, no capping, binpack, $5/MWh mining margin, 15 min minimum lease, 5 min minimum off time. */
    public static Policy defaults() {
        return new Policy(0.05, CappingMode.NONE, 500, 5, Strategy.BINPACK, 5, Map.of(),
            Duration.ofMinutes(15), Duration.ofMinutes(5), 50, Duration.ofSeconds(30), Duration.ofSeconds(30),
            Duration.ofMinutes(2), Duration.ofSeconds(10));
    }

    public Policy withReserveFraction(double v) {
        return new Policy(v, capping, fixedCapW, thermalMarginC, strategy, miningMarginUsdPerMwh, tenantQuotaKw,
            miningMinLease, miningMinOff, miningStepKw, telemetryStaleAfter, curtailTimeout, assumeTimeout, backoff);
    }

    public Policy withCapping(CappingMode mode, double capW) {
        return new Policy(reserveFraction, mode, capW, thermalMarginC, strategy, miningMarginUsdPerMwh,
            tenantQuotaKw, miningMinLease, miningMinOff, miningStepKw, telemetryStaleAfter, curtailTimeout,
            assumeTimeout, backoff);
    }

    public Policy withStrategy(Strategy v) {
        return new Policy(reserveFraction, capping, fixedCapW, thermalMarginC, v, miningMarginUsdPerMwh,
            tenantQuotaKw, miningMinLease, miningMinOff, miningStepKw, telemetryStaleAfter, curtailTimeout,
            assumeTimeout, backoff);
    }

    public Policy withMiningMargin(double usdPerMwh) {
        return new Policy(reserveFraction, capping, fixedCapW, thermalMarginC, strategy, usdPerMwh, tenantQuotaKw,
            miningMinLease, miningMinOff, miningStepKw, telemetryStaleAfter, curtailTimeout, assumeTimeout, backoff);
    }

    public Policy withTenantQuotaKw(Map<String, Double> quotas) {
        return new Policy(reserveFraction, capping, fixedCapW, thermalMarginC, strategy, miningMarginUsdPerMwh,
            quotas, miningMinLease, miningMinOff, miningStepKw, telemetryStaleAfter, curtailTimeout, assumeTimeout,
            backoff);
    }

    public Policy withMiningHysteresis(Duration minLease, Duration minOff, double stepKw) {
        return new Policy(reserveFraction, capping, fixedCapW, thermalMarginC, strategy, miningMarginUsdPerMwh,
            tenantQuotaKw, minLease, minOff, stepKw, telemetryStaleAfter, curtailTimeout, assumeTimeout, backoff);
    }

    public Policy withTelemetryStaleAfter(Duration v) {
        return new Policy(reserveFraction, capping, fixedCapW, thermalMarginC, strategy, miningMarginUsdPerMwh,
            tenantQuotaKw, miningMinLease, miningMinOff, miningStepKw, v, curtailTimeout, assumeTimeout, backoff);
    }

    public Policy withThermalMarginC(double v) {
        return new Policy(reserveFraction, capping, fixedCapW, v, strategy, miningMarginUsdPerMwh, tenantQuotaKw,
            miningMinLease, miningMinOff, miningStepKw, telemetryStaleAfter, curtailTimeout, assumeTimeout, backoff);
    }

    /** The quota of a tenant in kW, or +infinity if it has none. */
    public double quotaKw(String tenant) {
        Double q = tenantQuotaKw.get(tenant);
        return q == null ? Double.POSITIVE_INFINITY : q;
    }
}
