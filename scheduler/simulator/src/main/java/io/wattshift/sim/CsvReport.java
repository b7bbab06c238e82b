package io.wattshift.sim;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --report-csv DIR}: the time series as one CSV per series, for spreadsheets (columns in
 * {@code docs/simulate-report.md}). Every file starts with {@code time_s} (seconds since the start) and
 * {@code time} (UTC, ISO-8601); power in kW, money in $.
 */
final class CsvReport {
    private CsvReport() {
    }

    /** Writes the files into {@code dir} (made if missing) and returns their names, in the order written. */
    static List<String> write(Path dir, SimulationReport r) throws IOException {
        Files.createDirectories(dir);
        List<String> names = new ArrayList<>();
        // a column without a run of its own (the hindsight oracle) has no series
        List<PolicyReport> ps = r.policies().stream().filter(p -> p.series() != null).toList();
        TimeSeries first = ps.get(0).series();
        for (PolicyReport p : ps) {
            if (p.series().timeS().length != first.timeS().length) {
                throw new IllegalStateException("policies sampled at different times: " + p.policy());
            }
        }
        Table price = new Table(first, "price_usd_per_mwh");
        first.breakEvenUsdPerMwh().keySet().forEach(h -> price.header("break_even_" + h + "_usd_per_mwh"));
        price.rows((i, row) -> {
            row.add(first.priceUsdPerMwh()[i]);
            first.breakEvenUsdPerMwh().values().forEach(b -> row.add(b[i]));
        });
        names.add(price.write(dir, "price.csv"));
        Table net = new Table(first);
        ps.forEach(p -> net.header(p.policy() + "_net_usd"));
        net.rows((i, row) -> ps.forEach(p -> row.add(p.series().netUsd()[i])));
        names.add(net.write(dir, "net.csv"));
        for (PolicyReport p : ps) {
            TimeSeries s = p.series();
            List<TimeSeries.Power> scopes = new ArrayList<>();
            scopes.add(s.site());
            scopes.addAll(s.halls());
            for (TimeSeries.Power w : scopes) {
                Table power = new Table(s, "ai_kw", "mining_kw", "idle_kw");
                w.limitsKw().keySet().forEach(l -> power.header(l + "_limit_kw"));
                power.rows((i, row) -> {
                    row.add(w.aiKw()[i]);
                    row.add(w.miningKw()[i]);
                    row.add(w.idleKw()[i]);
                    w.limitsKw().values().forEach(l -> row.add(l[i]));
                });
                names.add(power.write(dir, p.policy() + "-power-" + w.name() + ".csv"));
            }
            Table queue = new Table(s);
            s.queuedJobsByPriority().keySet().forEach(prio -> queue.header("queued_priority_" + prio));
            queue.rows((i, row) -> s.queuedJobsByPriority().values().forEach(q -> row.add(q[i])));
            names.add(queue.write(dir, p.policy() + "-queue.csv"));
            names.add(waits(dir, p));
            names.add(events(dir, p));
        }
        return names;
    }

    private static String waits(Path dir, PolicyReport p) throws IOException {
        StringBuilder sb = new StringBuilder("percentile");
        Map<Integer, TimeSeries.WaitCdf> cdf = p.series().waitCdfByPriority();
        cdf.forEach((prio, c) -> sb.append(",priority_").append(prio).append("_wait_s"));
        sb.append('\n');
        for (int i = 0; i <= 100; i++) {
            sb.append(i);
            for (TimeSeries.WaitCdf c : cdf.values()) {
                sb.append(',').append(number(c.percentileS()[i]));
            }
            sb.append('\n');
        }
        return save(dir, p.policy() + "-waits.csv", sb);
    }

    private static String events(Path dir, PolicyReport p) throws IOException {
        StringBuilder sb = new StringBuilder("time_s,time,kind,hall,kw,lease_kw,job\n");
        TimeSeries s = p.series();
        for (TimeSeries.Event e : s.events()) {
            sb.append(e.timeS()).append(',').append(s.start().plusSeconds(e.timeS())).append(',')
                .append(e.kind().id()).append(',').append(quoted(e.hall())).append(',').append(number(e.kw()))
                .append(',').append(number(e.leaseKw())).append(',').append(e.job() == null ? "" : quoted(e.job()))
                .append('\n');
        }
        return save(dir, p.policy() + "-events.csv", sb);
    }

    /** A file of one row per sample: time_s, time, then the columns added. */
    private static final class Table {
        interface RowFiller {
            void fill(int sample, List<Object> row);
        }

        private final TimeSeries series;
        private final StringBuilder sb = new StringBuilder("time_s,time");

        Table(TimeSeries series, String... columns) {
            this.series = series;
            for (String c : columns) {
                header(c);
            }
        }

        void header(String column) {
            sb.append(',').append(quoted(column));
        }

        void rows(RowFiller filler) {
            sb.append('\n');
            long[] t = series.timeS();
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < t.length; i++) {
                row.clear();
                filler.fill(i, row);
                sb.append(t[i]).append(',').append(series.start().plusSeconds(t[i]));
                for (Object v : row) {
                    sb.append(',').append(v instanceof Double d ? number(d) : v.toString());
                }
                sb.append('\n');
            }
        }

        String write(Path dir, String name) throws IOException {
            return save(dir, name, sb);
        }
    }

    private static String save(Path dir, String name, CharSequence text) throws IOException {
        String file = name.replaceAll("[^A-Za-z0-9._-]", "_");
        Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
        return file;
    }

    /** Plain decimal (never 1.0E7), no trailing zeros. */
    static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break. */
    static String quoted(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
