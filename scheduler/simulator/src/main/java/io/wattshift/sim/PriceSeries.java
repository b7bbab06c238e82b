package io.wattshift.sim;

import io.wattshift.engine.model.PriceInterval;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Energy prices over time, $/MWh: flat, or read from a CSV with a timestamp column and a price column (as
 * {@code grid-prices/ercot_dam_hb_hubavg_2023.csv}: {@code Datetime,Price (USD/MWh)}, local time with its offset).
 * Each row's price holds from its timestamp to the next row's (5-minute, 15-minute or hourly rows alike; the last
 * row lasts as long as the one before it). Timestamps without an offset are read in the series' time zone. A file
 * without a timestamp column is read as hourly rows from the start of the run, as before.
 *
 * <p>The series either covers the run or is an error, unless it is allowed to repeat: then time past its end wraps
 * around to its start.
 */
public final class PriceSeries {
    private static final String[] TIME_COLUMNS = {"Datetime", "datetime", "timestamp", "time", "interval_start"};
    private static final String[] PRICE_COLUMNS = {"Price (USD/MWh)", "price", "usd_per_mwh", "SettlementPointPrice"};
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
        .appendPattern("yyyy-MM-dd[[ ]['T']HH:mm[:ss]]").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND,
            0, 9, true).optionalEnd().parseDefaulting(ChronoField.HOUR_OF_DAY, 0).toFormatter();
    private static final DateTimeFormatter WITH_OFFSET = new DateTimeFormatterBuilder().append(LOCAL)
        .appendPattern("[XXX][XX][X]").toFormatter();

    /** Interval starts, ascending; {@code null} for a series whose rows are hours from the run's start. */
    private final Instant[] starts;
    private final double[] prices;
    private final Duration last;
    private final String source;
    private final boolean dayAhead;
    private final boolean repeat;
    /** Where a run over this series starts; null: at the series' start (or, untimed, the run's default). */
    private final Instant runStart;

    private PriceSeries(Instant[] starts, double[] prices, Duration last, String source, boolean dayAhead,
                        boolean repeat) {
        this(starts, prices, last, source, dayAhead, repeat, starts == null ? null : starts[0]);
    }

    private PriceSeries(Instant[] starts, double[] prices, Duration last, String source, boolean dayAhead,
                        boolean repeat, Instant runStart) {
        this.runStart = runStart;
        this.starts = starts;
        this.prices = prices;
        this.last = last;
        this.source = source;
        this.dayAhead = dayAhead;
        this.repeat = repeat;
    }

    public static PriceSeries flat(double usdPerMwh) {
        return new PriceSeries(null, new double[]{usdPerMwh}, Duration.ofHours(1),
            String.format("flat %.1f $/MWh", usdPerMwh), true, true);
    }

    /** A series read as day-ahead prices in UTC, not repeating (see {@link #read(Path, ZoneId, boolean, boolean)}). */
    public static PriceSeries read(Path file) {
        return read(file, ZoneId.of("UTC"), true, false);
    }

    /**
     * @param zone     time zone of timestamps that carry no offset
     * @param dayAhead whether the prices are known a day ahead (a day-ahead market) or only as they happen
     * @param repeat   whether a series shorter than the run wraps around instead of being an error
     */
    public static PriceSeries read(Path file, ZoneId zone, boolean dayAhead, boolean repeat) {
        CsvLines csv = CsvLines.read(file, List.of());
        if (csv.size() == 0) {
            throw new InputException(file.toString(), 0, null, "no price rows");
        }
        String priceColumn = column(csv, PRICE_COLUMNS);
        if (priceColumn == null) {
            throw new InputException(file.toString(), 1, PRICE_COLUMNS[0], "missing column (also accepted: "
                + String.join(", ", Arrays.asList(PRICE_COLUMNS).subList(1, PRICE_COLUMNS.length)) + ")");
        }
        String timeColumn = column(csv, TIME_COLUMNS);
        double[] prices = new double[csv.size()];
        Instant[] starts = timeColumn == null ? null : new Instant[csv.size()];
        for (int i = 0; i < csv.size(); i++) {
            prices[i] = csv.number(i, priceColumn);
            if (starts != null) {
                starts[i] = time(csv, i, timeColumn, zone);
                if (i > 0 && !starts[i].isAfter(starts[i - 1])) {
                    throw csv.error(i, timeColumn, "timestamps must increase: " + starts[i] + " is not after "
                        + starts[i - 1]);
                }
            }
        }
        Duration last = starts == null || starts.length == 1 ? Duration.ofHours(1)
            : Duration.between(starts[starts.length - 2], starts[starts.length - 1]);
        String what = starts == null ? prices.length + " hours from the start of the run"
            : prices.length + " intervals, " + starts[0] + " to " + starts[starts.length - 1].plus(last);
        return new PriceSeries(starts, prices, last, file + " (" + what + ")", dayAhead, repeat);
    }

    private static String column(CsvLines csv, String[] names) {
        for (String c : names) {
            if (csv.has(c)) {
                return c;
            }
        }
        return null;
    }

    private static Instant time(CsvLines csv, int row, String column, ZoneId zone) {
        String t = csv.text(row, column);
        try {
            var parsed = WITH_OFFSET.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime o ? o.toInstant()
                : ((LocalDateTime) parsed).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw csv.error(row, column, "not a timestamp: '" + t + "' (e.g. 2023-01-01 00:00:00-06:00)");
        }
    }

    /** The same prices, a run over them starting at {@code t} (e.g. one week of a year's series). */
    public PriceSeries startingAt(Instant t) {
        return new PriceSeries(starts, prices, last, source, dayAhead, repeat, t);
    }

    /** Where a run over this series starts, or null for the run's own default (an untimed series). */
    public Instant runStart() {
        return runStart;
    }

    /** Whether the prices have times of their own (else they are hours from the run's start). */
    public boolean timed() {
        return starts != null;
    }

    /** When the series starts, or null for one without timestamps. */
    public Instant start() {
        return starts == null ? null : starts[0];
    }

    public boolean dayAhead() {
        return dayAhead;
    }

    /**
     * Checks that the series covers {@code [from, to)}; a repeating one always does.
     *
     * @throws InputException naming the file when it does not
     */
    public void requireCovers(Instant from, Instant to, Instant runStart) {
        if (repeat) {
            return;
        }
        Instant first = first(runStart);
        Instant end = end(runStart);
        if (from.isBefore(first) || to.isAfter(end)) {
            throw new InputException(source, 0, null, String.format("covers %s to %s, the run needs %s to %s "
                + "(give --prices-repeat to wrap the series around)", first, end, from, to));
        }
    }

    /** The first instant with a price: the first row's, or the run's start for rows without timestamps. */
    private Instant first(Instant runStart) {
        return starts == null ? runStart : starts[0];
    }

    /** The first instant without a price: the end of the last row. */
    private Instant end(Instant runStart) {
        return starts == null ? runStart.plus(Duration.ofHours(prices.length)) : starts[starts.length - 1].plus(last);
    }

    /** The price interval holding {@code t}. */
    public PriceInterval at(Instant t, Instant runStart) {
        Instant first = first(runStart);
        long span = Duration.between(first, end(runStart)).getSeconds();
        long offset = Duration.between(first, t).getSeconds();
        // only a repeating series is asked outside its span (requireCovers): wrap t into it, shift the answer back
        long shiftS = Math.floorDiv(offset, span) * span;
        offset -= shiftS;
        if (starts == null) {
            int h = (int) (offset / 3600);
            Instant s = first.plusSeconds(h * 3600L);
            return interval(s, s.plusSeconds(3600), prices[h], shiftS);
        }
        Instant local = first.plusSeconds(offset);
        int i = Arrays.binarySearch(starts, local);
        if (i < 0) {
            i = -i - 2;
        }
        Instant e = i + 1 < starts.length ? starts[i + 1] : starts[i].plus(last);
        return interval(starts[i], e, prices[i], shiftS);
    }

    private PriceInterval interval(Instant s, Instant e, double price, long shiftS) {
        return new PriceInterval(s.plusSeconds(shiftS), e.plusSeconds(shiftS), price, dayAhead);
    }

    /** The intervals from the one holding {@code from} until {@code until}, in order. */
    public List<PriceInterval> between(Instant from, Instant until, Instant runStart) {
        List<PriceInterval> out = new ArrayList<>();
        Instant t = from;
        while (t.isBefore(until)) {
            PriceInterval p = at(t, runStart);
            out.add(p);
            t = p.end();
        }
        return out;
    }

    public String source() {
        return source;
    }
}
