package io.wattshift.engine.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One interval of an energy price schedule: a settlement interval (5 or 15 minutes, an hour) of a real-time or
 * day-ahead market, or a forecast.
 *
 * @param start          first instant the price applies
 * @param end            first instant it no longer applies (after {@code start})
 * @param usdPerMwh      the price, $/MWh (may be negative: real markets pay for consumption at times)
 * @param dayAhead       whether the price was settled ahead (day-ahead market) rather than forecast
 */
public record PriceInterval(Instant start, Instant end, double usdPerMwh, boolean dayAhead) {
    public PriceInterval {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("price interval ends at " + end + ", not after its start " + start);
        }
        if (!Double.isFinite(usdPerMwh)) {
            throw new IllegalArgumentException("price must be finite, got " + usdPerMwh);
        }
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
