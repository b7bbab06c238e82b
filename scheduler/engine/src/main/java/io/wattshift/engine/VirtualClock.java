package io.wattshift.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock its owner moves by hand: virtual time for the simulator, tests and benchmarks. One thread moves it; any
 * thread may read it (the simulated miners and their client read the simulation's time on their I/O threads).
 */
public final class VirtualClock extends Clock {
    private volatile Instant now;

    public VirtualClock(Instant start) {
        this.now = start;
    }

    /** Move to {@code t}; time never runs backwards. */
    public void set(Instant t) {
        if (t.isAfter(now)) {
            now = t;
        }
    }

    public void advance(Duration d) {
        set(now.plus(d));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
