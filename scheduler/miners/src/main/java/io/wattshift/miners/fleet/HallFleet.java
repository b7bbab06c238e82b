package io.wattshift.miners.fleet;

import io.wattshift.miners.CurtailAction;
import io.wattshift.miners.MinerError;
import io.wattshift.miners.MinerFleetAdapter;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.MinerSpec;
import io.wattshift.miners.MinerStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one hall's miner fleet: sizes it to a mining lease, curtails it when AI needs the power (confirming the
 * drop from the miners' own readings), and reconciles it after a failover.
 *
 * <p>Accounting is fail safe: a miner counts at nameplate unless it is healthy and has reported its idle draw
 * ({@link MinerView#committedWatts()}). Views only move towards less committed power on a miner's own reading.
 *
 * <p>Threading: methods are non-blocking and thread-safe; each miner's view is replaced atomically. Futures
 * complete on the adapter's I/O threads or on {@code scheduler}; they never complete exceptionally.
 */
public final class HallFleet {

    private static final Logger LOG = LoggerFactory.getLogger(HallFleet.class);

    private final String hall;
    private final List<String> order;
    private final Map<String, MinerView> views = new ConcurrentHashMap<>();
    private final MinerFleetAdapter adapter;
    private final FleetPolicy policy;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final MinerMetrics metrics;

    public HallFleet(String hall, List<MinerSpec> miners, MinerFleetAdapter adapter, FleetPolicy policy, Clock clock,
                     ScheduledExecutorService scheduler, MinerMetrics metrics) {
        this.hall = hall;
        this.adapter = adapter;
        this.policy = policy;
        this.clock = clock;
        this.scheduler = scheduler;
        this.metrics = metrics;
        List<String> ids = new ArrayList<>();
        Instant now = clock.instant();
        for (MinerSpec m : miners) {
            if (views.putIfAbsent(m.id(), new MinerView(m, MinerMode.UNKNOWN, null, Double.NaN, Double.NaN, now)) != null) {
                throw new IllegalArgumentException("hall " + hall + ": duplicate miner id " + m.id());
            }
            ids.add(m.id());
        }
        this.order = List.copyOf(ids);
        metrics.registerHall(hall, state -> count(state), () -> snapshot().reportedWatts(),
                () -> snapshot().committedWatts(), () -> snapshot().terahash());
    }

    public String hall() {
        return hall;
    }

    public FleetSnapshot snapshot() {
        List<MinerView> list = new ArrayList<>(order.size());
        for (String id : order) list.add(views.get(id));
        return FleetSnapshot.of(hall, list, clock.instant());
    }

    /** Reads every miner's power and hashrate and updates the views. */
    public CompletableFuture<FleetSnapshot> refresh() {
        List<CompletableFuture<MinerView>> reads = new ArrayList<>(order.size());
        for (String id : order) reads.add(adapter.read(views.get(id).spec()).thenApply(this::applyReading));
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(v -> snapshot());
    }

    /**
     * Brings the fleet to a lease of {@code targetWatts}: the best-J/TH miners that fit stay or become awake, the
     * rest are told to sleep. Miners that went to sleep less than the minimum off time ago are not woken.
     */
    public CompletableFuture<FleetChange> matchTarget(double targetWatts) {
        Instant now = clock.instant();
        Set<String> awake = MinerSelection.awakeSet(views.values(), targetWatts, policy.minOffTime(), now);
        List<MinerSpec> wake = new ArrayList<>();
        List<MinerSpec> sleep = new ArrayList<>();
        for (String id : order) {
            MinerView v = views.get(id);
            boolean running = v.mode() == MinerMode.AWAKE || v.mode() == MinerMode.UNKNOWN;
            if (awake.contains(id) && v.mode() != MinerMode.AWAKE) wake.add(v.spec());
            else if (!awake.contains(id) && running) sleep.add(v.spec());
        }
        return command(wake, sleep);
    }

    /**
     * Frees {@code wattsNeeded} (plus the policy margin) for AI: the worst-J/TH running miners are told to sleep
     * in parallel, then each is polled until it reports its idle draw or the confirm timeout passes.
     */
    public CompletableFuture<CurtailmentReport> curtail(double wattsNeeded) {
        List<MinerView> chosen = MinerSelection.toCurtail(views.values(), wattsNeeded, policy.curtailMargin());
        Instant start = clock.instant();
        Instant deadline = start.plus(policy.confirmTimeout());
        List<CompletableFuture<MinerView>> done = new ArrayList<>(chosen.size());
        for (MinerView v : chosen) {
            setMode(v.spec().id(), MinerMode.CURTAILING);
            done.add(sleepAndConfirm(v.spec(), deadline));
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                .thenApply(x -> report(wattsNeeded, chosen, done, start));
    }

    /** Grid event: curtail until the fleet commits at most {@code maxWatts}. */
    public CompletableFuture<CurtailmentReport> curtailTo(double maxWatts) {
        return curtail(Math.max(0, snapshot().committedWatts() - maxWatts));
    }

    /**
     * After a restart or failover: reads every miner and commands only those whose real state differs from
     * {@code shouldBeAwake} (the leases' miners), so a fleet already in the right state gets no command at all.
     * Unreachable miners get no command and count at nameplate. As in {@link #matchTarget}, a step that puts miners
     * to sleep wakes none: a sleeping-to-be miner draws at nameplate until confirmed, so waking its replacement at
     * once would draw both over the lease; the next lease step ({@link #matchTarget}) wakes them once it fits.
     */
    public CompletableFuture<FleetChange> reconcile(Set<String> shouldBeAwake) {
        return refresh().thenCompose(snap -> {
            List<MinerSpec> wake = new ArrayList<>();
            List<MinerSpec> sleep = new ArrayList<>();
            for (MinerView v : snap.miners()) {
                if (!v.healthy()) continue;
                boolean want = shouldBeAwake.contains(v.spec().id());
                if (want && v.mode() == MinerMode.ASLEEP) wake.add(v.spec());
                else if (!want && v.mode() == MinerMode.AWAKE) sleep.add(v.spec());
            }
            if (!sleep.isEmpty()) wake.clear(); // never wake one miner while sleeping another
            return command(wake, sleep);
        });
    }

    private CompletableFuture<FleetChange> command(List<MinerSpec> wake, List<MinerSpec> sleep) {
        Map<String, CompletableFuture<MinerStatus>> sent = new LinkedHashMap<>();
        for (MinerSpec m : wake) {
            setMode(m.id(), MinerMode.AWAKE); // counted at nameplate from now on, before the miner ramps up
            sent.put(m.id(), send(m, CurtailAction.WAKEUP));
        }
        for (MinerSpec m : sleep) {
            setMode(m.id(), MinerMode.CURTAILING); // still at nameplate until a reading confirms the drop
            sent.put(m.id(), send(m, CurtailAction.SLEEP));
        }
        return CompletableFuture.allOf(sent.values().toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<String> woken = new ArrayList<>();
            List<String> slept = new ArrayList<>();
            Map<String, MinerError> failed = new LinkedHashMap<>();
            for (MinerSpec m : wake) outcome(m, sent.get(m.id()).join(), woken, failed);
            for (MinerSpec m : sleep) outcome(m, sent.get(m.id()).join(), slept, failed);
            return new FleetChange(woken, slept, failed);
        });
    }

    private static void outcome(MinerSpec m, MinerStatus s, List<String> ok, Map<String, MinerError> failed) {
        if (s.healthy()) ok.add(m.id());
        else failed.put(m.id(), s.error());
    }

    private CompletableFuture<MinerStatus> send(MinerSpec m, CurtailAction action) {
        return adapter.curtail(m, action).thenApply(s -> {
            metrics.command(action, s);
            views.computeIfPresent(m.id(), (k, v) -> v.withError(s.error()));
            if (!s.healthy()) LOG.warn("hall {} miner {}: {} failed: {}", hall, m.id(), action, s.error());
            return s;
        });
    }

    private CompletableFuture<MinerView> sleepAndConfirm(MinerSpec m, Instant deadline) {
        return send(m, CurtailAction.SLEEP).thenCompose(s -> {
            if (!s.healthy() && !s.error().kind().retryable()) return CompletableFuture.completedFuture(views.get(m.id()));
            return pollUntilAsleep(m, deadline);
        });
    }

    private CompletableFuture<MinerView> pollUntilAsleep(MinerSpec m, Instant deadline) {
        return adapter.read(m).thenApply(this::applyReading).thenCompose(v -> {
            if (v.mode() == MinerMode.ASLEEP || !clock.instant().isBefore(deadline)) return CompletableFuture.completedFuture(v);
            return delay(policy.pollInterval()).thenCompose(x -> pollUntilAsleep(m, deadline));
        });
    }

    private CompletableFuture<Void> delay(Duration d) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        scheduler.schedule(() -> f.complete(null), d.toMillis(), TimeUnit.MILLISECONDS);
        return f;
    }

    /**
     * Applies a reading. Only conservative moves: an unknown miner takes the state its power shows, a curtailing
     * one becomes asleep once it reports its idle draw (at most {@link FleetPolicy#asleepWatts}: its declared
     * standby, else a fraction of nameplate), an asleep one that draws power again is awake. An awake
     * miner stays awake whatever it reports (it may still be ramping up).
     */
    private MinerView applyReading(MinerStatus s) {
        if (!s.healthy()) metrics.error(s.error());
        return views.compute(s.minerId(), (id, v) -> {
            if (!s.healthy()) return v.withError(s.error());
            MinerView r = v.withReading(s.powerWatts(), s.terahashPerSecond());
            boolean idle = s.powerWatts() <= policy.asleepWatts(v.spec());
            Instant now = clock.instant();
            return switch (v.mode()) {
                // found asleep: since an unknown time, so the minimum off time does not hold it back after a restart
                case UNKNOWN -> r.withMode(idle ? MinerMode.ASLEEP : MinerMode.AWAKE, idle ? Instant.EPOCH : now);
                case CURTAILING -> idle ? r.withMode(MinerMode.ASLEEP, now) : r;
                case ASLEEP -> idle ? r : r.withMode(MinerMode.AWAKE, now);
                case AWAKE -> r;
            };
        });
    }

    private void setMode(String id, MinerMode mode) {
        Instant now = clock.instant();
        views.computeIfPresent(id, (k, v) -> v.withMode(mode, now));
    }

    private CurtailmentReport report(double requested, List<MinerView> chosen, List<CompletableFuture<MinerView>> done,
                                     Instant start) {
        List<String> confirmed = new ArrayList<>();
        Map<String, MinerError> unconfirmed = new LinkedHashMap<>();
        double freed = 0;
        for (CompletableFuture<MinerView> f : done) {
            MinerView v = f.join();
            if (v.mode() == MinerMode.ASLEEP && v.healthy()) {
                confirmed.add(v.spec().id());
                freed += v.spec().nameplateWatts() - v.committedWatts();
            } else {
                unconfirmed.put(v.spec().id(), v.error());
            }
        }
        Duration elapsed = Duration.between(start, clock.instant());
        var r = new CurtailmentReport(hall, requested, ids(chosen), confirmed, unconfirmed, freed, elapsed);
        LOG.info("hall {}: curtailment of {} kW: {} miners told, {} confirmed, {} kW freed in {} ms{}", hall,
                kw(requested), chosen.size(), confirmed.size(), kw(freed), elapsed.toMillis(),
                unconfirmed.isEmpty() ? "" : ", unconfirmed (counted at nameplate): " + unconfirmed.keySet());
        return r;
    }

    private long count(String state) {
        long n = 0;
        for (MinerView v : views.values()) {
            if (state.equals("unhealthy") ? !v.healthy() : v.mode().name().toLowerCase(Locale.ROOT).equals(state)) n++;
        }
        return n;
    }

    private static List<String> ids(Collection<MinerView> vs) {
        return vs.stream().map(v -> v.spec().id()).toList();
    }

    private static String kw(double watts) {
        return String.format(Locale.ROOT, "%.1f", watts / 1000);
    }
}
