package io.wattshift.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** The side-by-side text report {@code simulate} prints. */
final class ReportPrinter {
    private ReportPrinter() {
    }

    static String text(SimulationReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Wattshift simulation\n");
        sb.append("  site:      ").append(r.site()).append('\n');
        sb.append("  trace:     ").append(r.trace()).append('\n');
        sb.append("  prices:    ").append(r.prices()).append(String.format(Locale.ROOT,
            "; hashprice %.1f $/PH/day%n", r.hashpriceUsdPerPhDay()));
        sb.append("  miners:    ").append(r.miners()).append('\n');
        sb.append(String.format(Locale.ROOT, "  horizon:   %.0f h%n%n", r.policies().get(0).hours()));
        List<PolicyReport> ps = r.policies();
        row(sb, "", ps, PolicyReport::policy);
        section(sb, "revenue and energy");
        row(sb, "AI revenue ($)", ps, p -> money(p.aiRevenueUsd()));
        row(sb, "mining revenue ($)", ps, p -> money(p.miningRevenueUsd()));
        row(sb, "AI energy (MWh)", ps, p -> num(p.aiEnergyMwh(), 1));
        row(sb, "mining energy (MWh)", ps, p -> num(p.miningEnergyMwh(), 1));
        row(sb, "AI energy cost ($)", ps, p -> money(p.aiEnergyCostUsd()));
        row(sb, "mining energy cost ($)", ps, p -> money(p.miningEnergyCostUsd()));
        row(sb, "AI revenue ($/MWh)", ps, p -> num(p.aiUsdPerMwh(), 1));
        row(sb, "mining revenue ($/MWh)", ps, p -> num(p.miningUsdPerMwh(), 1));
        row(sb, "net after energy ($)", ps, p -> money(p.netUsd()));
        PolicyReport oracle = ps.stream().filter(p -> p.policy().equals("oracle")).findFirst().orElse(null);
        if (oracle != null) {
            row(sb, "share of oracle margin", ps, p -> num(100 * p.netUsd() / oracle.netUsd(), 1) + " %");
        }
        section(sb, "market");
        row(sb, "MWh mined at a loss", ps, p -> p.market() == null ? "-" : num(p.market().minedAtLossMwh(), 2));
        row(sb, "AI MWh above its value price", ps, p -> p.market() == null ? "-"
            : num(p.market().aiAboveValueMwh(), 1));
        row(sb, "suspensions / resumes", ps, p -> p.market() == null ? "-"
            : p.market().suspensions() + " / " + p.market().resumes());
        row(sb, "GPU-hours lost to caps", ps, p -> p.market() == null ? "-"
            : num(p.market().gpuHoursLostToCaps(), 0));
        row(sb, "GPU-hours lost to suspensions", ps, p -> p.market() == null ? "-"
            : num(p.market().gpuHoursLostToSuspensions(), 0));
        section(sb, "GPUs and jobs");
        row(sb, "GPU utilisation", ps, p -> num(100 * p.gpuUtilisation(), 1) + " %");
        row(sb, "jobs submitted", ps, p -> Integer.toString(p.jobs().submitted()));
        row(sb, "  completed", ps, p -> Integer.toString(p.jobs().completed()));
        row(sb, "  running at end", ps, p -> Integer.toString(p.jobs().runningAtEnd()));
        row(sb, "  waiting at end", ps, p -> Integer.toString(p.jobs().waitingAtEnd()));
        row(sb, "  never started", ps, p -> Integer.toString(p.jobs().neverStarted()));
        row(sb, "preemptions", ps, p -> Long.toString(p.jobs().preemptions()));
        section(sb, "queue wait (submit to the gang's first bind), mean / p99");
        Set<Integer> prios = new TreeSet<>(java.util.Comparator.reverseOrder());
        ps.forEach(p -> prios.addAll(p.waits().keySet()));
        for (int prio : prios) {
            row(sb, "priority " + prio, ps, p -> {
                PolicyReport.Wait w = p.waits().get(prio);
                return w == null ? "-" : duration(w.meanS()) + " / " + duration(w.p99S());
            });
        }
        if (ps.stream().anyMatch(p -> p.waits().values().stream().anyMatch(w -> w.p99S() == SLOWEST_DROP_S))) {
            sb.append("  (a p99 of exactly 30 s: those jobs waited for miners to drop, which takes the virtual miners\n"
                + "   5-30 s, or for a preempted pod's 30 s grace: the wait of a curtailment, not of a full queue)\n");
        }
        section(sb, "mining curtailments for AI");
        row(sb, "count", ps, p -> Integer.toString(p.curtailments().count()));
        row(sb, "MW cut per curtailment, mean / peak", ps, p -> p.curtailments().count() == 0 ? "-"
            : num(p.curtailments().mw() / p.curtailments().count(), 2) + " / " + peakCutMw(p));
        row(sb, "demand to power free, mean", ps, p -> duration(p.curtailments().meanPowerFreeS()));
        row(sb, "demand to power free, p99", ps, p -> duration(p.curtailments().p99PowerFreeS()));
        row(sb, "demand to bind, mean", ps, p -> duration(p.curtailments().meanToBindS()));
        row(sb, "cuts to keep cooling/limits", ps, p -> p.curtailments().forLimits() == 0 ? "0"
            : p.curtailments().forLimits() + ", mean " + num(p.curtailments().forLimitsMw()
                / p.curtailments().forLimits(), 2) + " MW");
        if (ps.stream().anyMatch(p -> p.minersOverTcp() != null)) {
            section(sb, "miners over TCP (real fleet adapter, simulated LuxOS miners)");
            row(sb, "simulated miners x block", ps, p -> tcp(p, t -> t.tcpMiners() + " x "
                + t.minersPerTcpMiner()));
            row(sb, "curtail commands sent", ps, p -> tcp(p, t -> Long.toString(t.commandsSent())));
            row(sb, "  received by miners", ps, p -> tcp(p, t -> Long.toString(t.commandsReceived())));
            row(sb, "  confirmed asleep", ps, p -> tcp(p, t -> Long.toString(t.confirmedAsleep())));
            row(sb, "errors (commands and reads)", ps, p -> tcp(p, t -> Long.toString(t.errors())));
            row(sb, "unhealthy at end (at nameplate)", ps, p -> tcp(p, t -> Long.toString(t.unhealthyAtEnd())));
            row(sb, "leases that woke and slept", ps, p -> tcp(p, t -> Long.toString(t.swaps())));
        }
        section(sb, "limit violations (independent checker; must be 0)");
        row(sb, "power (rack, hall, site)", ps, p -> Long.toString(p.powerViolations()));
        row(sb, "cooling", ps, p -> Long.toString(p.coolingViolations()));
        for (PolicyReport p : ps) {
            if (p.firstViolation() != null) {
                sb.append("  first violation under ").append(p.policy()).append(": ").append(p.firstViolation())
                    .append('\n');
            }
        }
        return sb.toString();
    }

    /** The slowest drop of the virtual miners, which is also a preempted pod's grace, s. */
    private static final double SLOWEST_DROP_S = 30;

    /** The largest single curtailment for AI, MW, from the run's events ("-" for a column without a run). */
    private static String peakCutMw(PolicyReport p) {
        if (p.series() == null) {
            return "-";
        }
        return num(p.series().events().stream().filter(e -> e.kind() == TimeSeries.EventKind.CURTAIL_FOR_AI)
            .mapToDouble(TimeSeries.Event::kw).max().orElse(0) / 1000, 2);
    }

    private static void section(StringBuilder sb, String title) {
        sb.append('\n').append(title).append('\n');
    }

    private static void row(StringBuilder sb, String label, List<PolicyReport> ps,
                            Function<PolicyReport, String> cell) {
        List<String> cells = new ArrayList<>();
        for (PolicyReport p : ps) {
            cells.add(cell.apply(p));
        }
        sb.append(String.format(Locale.ROOT, "  %-30s", label));
        for (String c : cells) {
            sb.append(String.format(Locale.ROOT, "%20s", c));
        }
        sb.append('\n');
    }

    private static String tcp(PolicyReport p, Function<PolicyReport.MinerTraffic, String> cell) {
        return p.minersOverTcp() == null ? "-" : cell.apply(p.minersOverTcp());
    }

    private static String money(double usd) {
        return String.format(Locale.ROOT, "%,.0f", usd);
    }

    private static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    static String duration(double s) {
        if (s < 120) {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        if (s < 7200) {
            return String.format(Locale.ROOT, "%.1f min", s / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600);
    }
}
