package io.wattshift.scheduler.mining;

import io.wattshift.api.LeaseState;
import io.wattshift.api.MiningLease;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.fleet.CurtailmentReport;
import io.wattshift.miners.fleet.FleetSnapshot;
import io.wattshift.miners.fleet.HallFleet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns the engine's mining decisions into fleet commands and MiningLease objects (one per hall, named
 * {@code mining-<hall>}, owned by the scheduler).
 *
 * <ul>
 *   <li>{@code Decision.MiningLease(hall, kw, reason)} -> {@link #applyLease}: wake the best-J/TH miners up to kW
 *       (Pending -> Active), or put them all to sleep for 0 kW (Released).</li>
 *   <li>{@code Decision.CurtailMining(hall, kw, leaseKw, forJob)} -> {@link #curtail}: worst-J/TH miners to sleep,
 *       drop confirmed from their readings (Curtailing -> Curtailed, or Active when some lease remains), then
 *       {@link MiningEvents#curtailed} so the engine may bind the waiting job; records
 *       {@code wattshift_curtailment_seconds} from the job's arrival.</li>
 *   <li>Grid event -> {@link #shedTo}.</li>
 *   <li>On becoming leader -> {@link #adoptFleets}: reconcile every fleet to the stored leases, commanding only
 *       miners in the wrong state. While no leader runs, nothing commands the miners: they keep their state.</li>
 *   <li>Periodically -> {@link #resync}: read the fleets, refresh lease status, report power to the engine.</li>
 * </ul>
 *
 * <p>Threading: methods may be called from any thread and never block. Commands for one hall run one after the
 * other (a curtailment never interleaves with a wake-up of the same hall). Store calls (blocking) run on
 * {@code storeWorker}, which must execute tasks in order (a single-threaded named executor). Returned futures
 * never fail for miner faults; only {@link #adoptFleets} fails, for an unreadable store.
 *
 * <p>A hall the engine leases to but that has no fleet here (its Secret is missing, its protocol has no adapter,
 * it was built later): nothing can draw mining power through us, so every decision for it is answered at once
 * with a fleet power of 0 kW, which confirms any curtailment. AI is never held back by a fleet that does not exist.
 * {@link #setFleet} adds, replaces or removes a hall's fleet while running.
 */
public final class MiningLeaseController {

    private static final Logger LOG = LoggerFactory.getLogger(MiningLeaseController.class);

    private final Map<String, HallFleet> fleets;
    private final MiningLeaseStore store;
    private final MiningEvents events;
    private final DoubleSupplier hashpriceUsdPerPhDay;
    private final MinerMetrics metrics;
    private final Clock clock;
    private final Executor storeWorker;
    private final Map<String, MiningLease> leases = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<?>> tails = new HashMap<>();
    /** Leases the engine granted while the hall had no fleet: a fleet built later is brought to them. */
    private final Map<String, MiningLease> unenacted = new ConcurrentHashMap<>();
    private volatile boolean adopted;

    /**
     * @param fleets               the halls' fleets by hall name
     * @param store                where MiningLease objects are kept ({@link KubeMiningLeaseStore} in production)
     * @param events               the way back to the engine
     * @param hashpriceUsdPerPhDay current hashprice, $/PH/day, for the revenue estimate in lease status
     * @param metrics              the mining metrics holder (the same one the fleets use)
     * @param clock                time source
     * @param storeWorker          ordered executor for blocking store calls
     */
    public MiningLeaseController(Map<String, HallFleet> fleets, MiningLeaseStore store, MiningEvents events,
                                 DoubleSupplier hashpriceUsdPerPhDay, MinerMetrics metrics, Clock clock,
                                 Executor storeWorker) {
        this.fleets = new ConcurrentHashMap<>(fleets);
        this.store = store;
        this.events = events;
        this.hashpriceUsdPerPhDay = hashpriceUsdPerPhDay;
        this.metrics = metrics;
        this.clock = clock;
        this.storeWorker = storeWorker;
    }

    /** The scheduler's current lease of a hall, if any. */
    public Optional<MiningLease> lease(String hall) {
        return Optional.ofNullable(leases.get(hall));
    }

    /**
     * Adds, replaces ({@code fleet} built anew after a Hall or Secret change) or removes ({@code null}) a hall's
     * fleet. Once the fleets were adopted, a new fleet is brought to the hall's current lease (no lease: asleep),
     * after any command still running on the old one. The old fleet is not closed here (its adapter is the caller's).
     */
    public synchronized CompletableFuture<Void> setFleet(String hall, HallFleet fleet) {
        if (fleet == null) {
            fleets.remove(hall);
            return CompletableFuture.completedFuture(null);
        }
        fleets.put(hall, fleet);
        if (!adopted) return CompletableFuture.completedFuture(null); // adoptFleets() takes it with the others
        MiningLease l = leases.containsKey(hall) ? leases.get(hall) : unenacted.get(hall);
        return adoptHall(hall, l).thenApply(c -> null);
    }

    /** Whether the hall has a fleet to command. */
    public boolean hasFleet(String hall) {
        return fleets.containsKey(hall);
    }

    /** Sets the hall's mining lease to {@code kw}: wakes or curtails miners to match, then records the lease. */
    public CompletableFuture<MiningLease> applyLease(String hall, double kw, String reason) {
        return serially(hall, () -> {
            unenacted.put(hall, LeaseStatuses.lease(hall, kw, List.of(), reason, null));
            return null;
        }, fleet -> {
            boolean wasActive = stateOf(hall) == LeaseState.Active;
            record(hall, kw, fleet.snapshot(), kw > 0 ? (wasActive ? LeaseState.Active : LeaseState.Pending)
                    : LeaseState.Curtailing, reason);
            return fleet.matchTarget(kw * 1000).thenApply(change -> {
                if (!change.failed().isEmpty()) LOG.warn("hall {}: lease {} kW: commands failed for {}", hall, kw, change.failed());
                FleetSnapshot snap = fleet.snapshot();
                MiningLease l = record(hall, kw, snap, kw > 0 ? LeaseState.Active : LeaseState.Released, reason);
                events.fleetPower(hall, snap.committedWatts() / 1000);
                return l;
            });
        });
    }

    /**
     * Curtails {@code kw} of the hall's mining (at least down to {@code leaseKw}) because AI job {@code forJob}
     * arrived at {@code aiArrival} (null for a grid event: no latency is recorded), and reports back when the
     * power is free.
     */
    public CompletableFuture<CurtailmentReport> curtail(String hall, double kw, double leaseKw, String forJob,
                                                        Instant aiArrival) {
        String reason = forJob == null ? "curtailed to restore a limit" : "curtailed for AI job " + forJob;
        return serially(hall, () -> {
            unenacted.put(hall, LeaseStatuses.lease(hall, leaseKw, List.of(), reason, null));
            return new CurtailmentReport(hall, kw * 1000, List.of(), List.of(), Map.of(), 0, Duration.ZERO);
        }, fleet -> {
            FleetSnapshot before = fleet.snapshot();
            record(hall, leaseKw, before, LeaseState.Curtailing, reason);
            double need = Math.max(kw * 1000, before.leaseWatts() - leaseKw * 1000);
            return fleet.curtail(need).thenApply(report -> {
                if (aiArrival != null) metrics.recordCurtailment(Duration.between(aiArrival, clock.instant()));
                FleetSnapshot snap = fleet.snapshot();
                record(hall, leaseKw, snap, leaseKw > 0 ? LeaseState.Active : LeaseState.Curtailed, reason);
                events.curtailed(hall, leaseKw, snap.committedWatts() / 1000, report);
                return report;
            });
        });
    }

    /** Grid event: the hall's mining may draw at most {@code maxKw}. */
    public CompletableFuture<CurtailmentReport> shedTo(String hall, double maxKw, String reason) {
        double lease = lease(hall).map(l -> l.getSpec().getKilowatts()).orElse(0.0);
        return curtail(hall, Math.max(0, lease - maxKw), Math.min(lease, maxKw), null, null)
                .whenComplete((r, e) -> LOG.info("hall {}: grid event ({}): mining shed to {} kW", hall, reason, maxKw));
    }

    /**
     * Called once this replica leads: reads the stored leases and brings each fleet to them, commanding only the
     * miners whose real state differs. A hall without a lease has no mining power: its miners are put to sleep.
     * Fails (commanding nothing) when the store cannot be read, rather than curtailing everything; {@link #resync}
     * tries again until it succeeds.
     */
    public CompletableFuture<Void> adoptFleets() {
        return CompletableFuture.supplyAsync(store::list, storeWorker).thenCompose(this::adopt)
                .thenRun(() -> adopted = true);
    }

    private CompletableFuture<Void> adopt(List<MiningLease> stored) {
        Map<String, MiningLease> byHall = new HashMap<>();
        for (MiningLease l : stored) {
            if (l.getSpec() != null && fleets.containsKey(l.getSpec().getHall())) byHall.put(l.getSpec().getHall(), l);
        }
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (String hall : fleets.keySet()) {
            MiningLease l = byHall.get(hall);
            if (l != null) leases.put(hall, l);
            all.add(adoptHall(hall, l));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Brings one hall's fleet to lease {@code l} (null: no mining power, all asleep). */
    private CompletableFuture<?> adoptHall(String hall, MiningLease l) {
        double kw = l == null || l.getSpec().getKilowatts() == null ? 0 : l.getSpec().getKilowatts();
        List<String> miners = l == null ? List.of() : l.getSpec().getMiners();
        return serially(hall, () -> null, fleet -> {
            var change = kw > 0 && miners.isEmpty()
                    ? fleet.refresh().thenCompose(s -> fleet.matchTarget(kw * 1000))
                    : fleet.reconcile(kw > 0 ? Set.copyOf(miners) : Set.of());
            return change.thenApply(c -> {
                LOG.info("hall {}: adopted fleet to lease of {} kW with {} commands", hall, kw, c.commands());
                FleetSnapshot snap = fleet.snapshot();
                if (l != null) record(hall, kw, snap, stateOf(hall) == null && kw > 0 ? LeaseState.Active : stateOf(hall),
                        l.getSpec().getReason());
                unenacted.remove(hall);
                events.fleetPower(hall, snap.committedWatts() / 1000);
                return c;
            });
        });
    }

    /**
     * Reads every fleet, refreshes lease status and reports each hall's mining power; while the fleets have not
     * been adopted yet (the store was unreadable), tries {@link #adoptFleets} instead.
     */
    public CompletableFuture<Void> resync() {
        if (!adopted) {
            return adoptFleets().exceptionally(e -> {
                LOG.warn("adopting the miner fleets failed again: {}", e.toString());
                return null;
            });
        }
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (var e : fleets.entrySet()) {
            String hall = e.getKey();
            all.add(e.getValue().refresh().thenAccept(snap -> {
                MiningLease l = leases.get(hall);
                if (l != null) record(hall, l.getSpec().getKilowatts(), snap, stateOf(hall), l.getSpec().getReason());
                events.fleetPower(hall, snap.committedWatts() / 1000);
            }));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private LeaseState stateOf(String hall) {
        MiningLease l = leases.get(hall);
        return l == null || l.getStatus() == null ? null : l.getStatus().getState();
    }

    /** Builds the lease from the fleet as it is now, keeps it, and saves it in the background. */
    private MiningLease record(String hall, double kw, FleetSnapshot snap, LeaseState state, String reason) {
        MiningLease prev = leases.get(hall);
        MiningLease l = LeaseStatuses.lease(hall, kw, snap.awakeIds(), reason, prev);
        l.setStatus(LeaseStatuses.status(prev == null ? null : prev.getStatus(), state, snap,
                hashpriceUsdPerPhDay.getAsDouble(), clock.instant()));
        leases.put(hall, l);
        CompletableFuture.runAsync(() -> store.save(l), storeWorker).exceptionally(err -> {
            // the lease is rewritten on the next resync, so a lost write heals itself
            LOG.warn("hall {}: could not save MiningLease: {}", hall, err.toString());
            return null;
        });
        return l;
    }

    /**
     * Runs {@code op} on the hall's fleet after the hall's previous command. The fleet is looked up when the command
     * starts (a fleet swapped in meanwhile is the one commanded); without one, the engine is told 0 kW (nothing we
     * could command draws mining power) and the future completes with {@code absent}.
     */
    private synchronized <T> CompletableFuture<T> serially(String hall, Supplier<T> absent,
                                                          Function<HallFleet, CompletableFuture<T>> op) {
        CompletableFuture<?> tail = tails.getOrDefault(hall, CompletableFuture.completedFuture(null));
        CompletableFuture<T> next = tail.handle((v, e) -> null).thenCompose(x -> withMdc(hall, () -> {
            HallFleet fleet = fleets.get(hall);
            if (fleet == null) {
                events.fleetPower(hall, 0);
                return CompletableFuture.completedFuture(absent.get());
            }
            return op.apply(fleet);
        }));
        tails.put(hall, next);
        return next;
    }

    private static <T> T withMdc(String hall, Supplier<T> s) {
        MDC.put("hall", hall);
        try {
            return s.get();
        } finally {
            MDC.remove("hall");
        }
    }
}
