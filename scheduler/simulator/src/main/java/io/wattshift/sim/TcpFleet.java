package io.wattshift.sim;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wattshift.engine.VirtualClock;
import io.wattshift.engine.model.Policy;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.fleet.CurtailmentReport;
import io.wattshift.miners.fleet.FleetChange;
import io.wattshift.miners.fleet.FleetPolicy;
import io.wattshift.miners.fleet.FleetSnapshot;
import io.wattshift.miners.fleet.HallFleet;
import io.wattshift.miners.fleet.MinerMode;
import io.wattshift.miners.fleet.MinerView;
import io.wattshift.miners.luxos.FleetClientConfig;
import io.wattshift.miners.luxos.LuxosFleetAdapter;
import io.wattshift.miners.sim.FleetSimulator;
import io.wattshift.miners.sim.MinerModel;
import io.wattshift.miners.sim.SimConfig;
import io.wattshift.miners.sim.SimulatedMiner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/**
 * Each hall's miners as simulated LuxOS miners on loopback TCP ({@link FleetSimulator}: one port per miner, power
 * ramping on the simulation's virtual clock), driven by the real fleet stack as the scheduler's
 * {@code MiningLeaseController} drives it: a lease is {@link HallFleet#matchTarget} (best J/TH awake, unhealthy
 * miners charged first), a curtailment {@link HallFleet#curtail} (worst J/TH first), both through
 * {@link LuxosFleetAdapter}; {@link HallFleet#refresh} reads every miner. The hall's draw is the fleet's committed
 * power (a miner not confirmed asleep, or silent, at nameplate: what the scheduler reports to the engine); the
 * power that hashes is the reported hashrate times J/TH.
 *
 * <p>Virtual time: {@code HallFleet.curtail} confirms a drop by polling on a real-time scheduler until a deadline
 * on its clock, and the virtual clock stands still while the simulation waits, so the miners would never finish
 * their ramp. Its confirm timeout is therefore 0 (it sends the commands and reads each miner once) and the
 * simulation plays the poll: a refresh at the end of the ramp, then every {@value #POLL_S} s for up to
 * {@value #CONFIRM_WINDOW_S} s more. A miner that failed to sleep stays charged at nameplate and others are
 * curtailed for it.
 *
 * <p>Scale: one listening port per simulated miner, and every refresh reads a hall's every miner over its own TCP
 * connection. A large site is therefore played in blocks: one simulated miner stands for {@code k} identical site
 * miners (nameplate {@code k x wattsEach}, same J/TH; a hall's last block may be smaller), see
 * {@link TcpFleetOptions}.
 */
final class TcpFleet implements FleetModel {
    static final Duration RAMP_DOWN = Duration.ofSeconds(20);
    static final Duration RAMP_UP = Duration.ofSeconds(60);
    static final long POLL_S = 10;
    static final long CONFIRM_WINDOW_S = 30;

    /** One hall: its simulator, the adapter talking to it and the fleet driving them. */
    private static final class Hall {
        final FleetSimulator sim;
        final LuxosFleetAdapter adapter;
        final HallFleet fleet;
        final double joulesPerTh;
        double targetW;
        long confirmUntil = -1;
        long wakeDoneAt = -1;

        Hall(FleetSimulator sim, LuxosFleetAdapter adapter, HallFleet fleet, double joulesPerTh) {
            this.sim = sim;
            this.adapter = adapter;
            this.fleet = fleet;
            this.joulesPerTh = joulesPerTh;
        }
    }

    private final TcpFleetOptions options;
    private final int block;
    /** The simulation's time, read by the miners' and the adapter's I/O threads too. */
    private final VirtualClock clock = new VirtualClock(Simulation.START);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final MinerMetrics metrics = new MinerMetrics(registry);
    private final ScheduledExecutorService unusedPoller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread th = new Thread(r, "tcp-fleet-poller");
        th.setDaemon(true);
        return th;
    });
    private final Map<Plant.HallP, Hall> halls = new LinkedHashMap<>();
    private long confirmedAsleep;
    private long swaps;
    private boolean faulted;
    private boolean closed;

    TcpFleet(List<Plant.HallP> plantHalls, TcpFleetOptions options) {
        this.options = options;
        this.block = options.blockFor(plantHalls.stream().mapToInt(h -> h.config.miners().count()).toArray());
        try {
            for (Plant.HallP h : plantHalls) {
                if (h.config.miners().count() > 0) {
                    halls.put(h, open(h.config));
                }
            }
            for (Map.Entry<Plant.HallP, Hall> e : halls.entrySet()) {
                e.getValue().fleet.refresh().join(); // an unknown miner counts at nameplate until read
                publish(e.getKey(), e.getValue());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Hall open(SiteConfig.HallConfig hc) {
        SiteConfig.Miners m = hc.miners();
        List<MinerModel> models = new ArrayList<>();
        int full = m.count() / block;
        int rest = m.count() % block;
        if (full > 0) {
            models.add(new MinerModel(hc.name() + "-m", full, block * m.wattsEach(), m.joulesPerTh(), false));
        }
        if (rest > 0) {
            models.add(new MinerModel(hc.name() + "-m-rest", 1, rest * m.wattsEach(), m.joulesPerTh(), false));
        }
        SimConfig config = new SimConfig("127.0.0.1", 0, RAMP_DOWN, RAMP_UP, Duration.ofSeconds(10),
            MinerCredentials.NONE, 1, clock);
        FleetSimulator sim;
        try {
            sim = FleetSimulator.start(config, models);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the simulated miners", e);
        }
        LuxosFleetAdapter adapter = null;
        try { // the hall is not in `halls` yet, so close() would not stop its miners: stop them here on a failure
            FleetClientConfig d = FleetClientConfig.defaults();
            FleetClientConfig client = new FleetClientConfig(d.connectTimeout(), options.requestTimeout(),
                d.maxReplyBytes(), d.maxInFlight(), d.maxAttempts(), d.backoff(), 1);
            adapter = new LuxosFleetAdapter(hc.name(), client, MinerCredentials.NONE, clock);
            // as the scheduler builds it (FleetSettings.policy): the engine's minimum off time holds for each miner
            FleetPolicy policy = FleetPolicy.defaults().withMinOffTime(Policy.defaults().miningMinOff())
                .withConfirmTimeout(Duration.ZERO);
            HallFleet fleet = new HallFleet(hc.name(), sim.specs(), adapter, policy, clock, unusedPoller, metrics);
            return new Hall(sim, adapter, fleet, m.joulesPerTh());
        } catch (RuntimeException e) {
            if (adapter != null) {
                adapter.close();
            }
            sim.close();
            throw e;
        }
    }

    @Override
    public long retarget(Plant.HallP hall, double kw, long t) {
        Hall h = halls.get(hall);
        if (h == null) {
            return t + 1;
        }
        at(t);
        h.targetW = kw * 1000;
        long next = command(h, t);
        publish(hall, h);
        return next;
    }

    @Override
    public long curtail(Plant.HallP hall, double kw, double leaseKw, long t) {
        Hall h = halls.get(hall);
        if (h == null) {
            return t + 1;
        }
        at(t);
        h.targetW = leaseKw * 1000;
        // what the scheduler's MiningLeaseController asks: the cut, or down to the new lease if that is more
        long next = sleep(h, Math.max(kw * 1000, h.fleet.snapshot().leaseWatts() - h.targetW), t);
        publish(hall, h);
        return next;
    }

    @Override
    public long preset(Plant.HallP hall, double kw, long t) {
        return retarget(hall, kw, t);
    }

    @Override
    public long settle(Plant.HallP hall, long t) {
        Hall h = halls.get(hall);
        if (h == null) {
            return -1;
        }
        at(t);
        Set<String> curtailing = ids(h.fleet.snapshot(), MinerMode.CURTAILING);
        FleetSnapshot s = h.fleet.refresh().join();
        for (MinerView v : s.miners()) {
            if (v.mode() == MinerMode.ASLEEP && curtailing.contains(v.spec().id())) {
                confirmedAsleep++;
            }
        }
        long next = -1;
        if (s.leaseWatts() > h.targetW + 1e-6) {
            // a miner that did not take its command (or went silent) is charged at nameplate: curtail others for it
            next = sleep(h, s.leaseWatts() - h.targetW, t);
            next = next == t + 1 ? -1 : next;
        }
        publish(hall, h);
        boolean confirming = h.fleet.snapshot().miners().stream()
            .anyMatch(v -> v.mode() == MinerMode.CURTAILING && v.healthy());
        if (next < 0 && confirming && t < h.confirmUntil) {
            next = Math.min(h.confirmUntil, t + POLL_S);
        }
        if (t < h.wakeDoneAt) {
            next = next < 0 ? h.wakeDoneAt : Math.min(next, h.wakeDoneAt);
        }
        return next;
    }

    /**
     * Curtails {@code watts} (worst J/TH first, healthy before unhealthy, plus the policy's margin) and returns when
     * to look at the fleet next. {@link HallFleet#curtail} sends the commands and reads each miner once (its confirm
     * timeout is 0: the simulation confirms at the end of the ramp, in virtual time); it never wakes a miner, so a
     * cut never commits more power than before it.
     */
    private long sleep(Hall h, double watts, long t) {
        CurtailmentReport r = h.fleet.curtail(watts).join();
        if (r.commanded().isEmpty()) {
            return t + 1;
        }
        h.confirmUntil = t + RAMP_DOWN.toSeconds() + CONFIRM_WINDOW_S;
        return t + RAMP_DOWN.toSeconds();
    }

    /** Sizes the fleet to its target; returns when to look at it next (the end of the ramp it started). */
    private long command(Hall h, long t) {
        FleetChange c = h.fleet.matchTarget(h.targetW).join();
        if (!c.woken().isEmpty() && !c.slept().isEmpty()) {
            swaps++; // MinerSelection broke a tie between equal miners differently from last time
        }
        if (!c.woken().isEmpty()) {
            h.wakeDoneAt = t + RAMP_UP.toSeconds();
        }
        if (!c.slept().isEmpty() || !c.failed().isEmpty()) {
            h.confirmUntil = t + RAMP_DOWN.toSeconds() + CONFIRM_WINDOW_S;
            return t + RAMP_DOWN.toSeconds();
        }
        return c.woken().isEmpty() ? t + 1 : h.wakeDoneAt;
    }

    @Override
    public boolean atLease(Plant.HallP hall) {
        Hall h = halls.get(hall);
        return h == null || h.fleet.snapshot().leaseWatts() <= h.targetW + 1e-6;
    }

    /** Moves the miners' clock to {@code t} and injects the fault when its time has come. */
    private void at(long t) {
        clock.set(Simulation.START.plusSeconds(t));
        TcpFleetOptions.Fault f = options.fault();
        if (f != null && !faulted && t >= f.atS()) {
            faulted = true;
            for (Hall h : halls.values()) {
                h.sim.miners().stream().limit(f.minersPerHall()).forEach(m -> m.setFault(f.kind()));
            }
        }
    }

    /** The hall's figures from the fleet's books: draw = committed power, hashing power = reported TH/s x J/TH. */
    private static void publish(Plant.HallP hall, Hall h) {
        FleetSnapshot s = h.fleet.snapshot();
        hall.measuredDrawKw = s.committedWatts() / 1000;
        hall.miningKw = s.terahash() * h.joulesPerTh / 1000;
    }

    private static Set<String> ids(FleetSnapshot s, MinerMode mode) {
        return s.miners().stream().filter(v -> v.mode() == mode).map(v -> v.spec().id()).collect(Collectors.toSet());
    }

    @Override
    public PolicyReport.MinerTraffic traffic() {
        int miners = 0;
        long received = 0;
        long unhealthy = 0;
        for (Hall h : halls.values()) {
            miners += h.sim.miners().size();
            received += h.sim.commandsReceived();
            unhealthy += h.fleet.snapshot().unhealthy();
        }
        return new PolicyReport.MinerTraffic(miners, block, count("wattshift.miner.commands"), received,
            confirmedAsleep, count("wattshift.miner.errors"), unhealthy, swaps);
    }

    private long count(String meter) {
        return Math.round(registry.find(meter).counters().stream().mapToDouble(Counter::count).sum());
    }

    /** The simulated miners of a hall (they keep their state after {@link #close}), for checks in tests. */
    List<SimulatedMiner> miners(String hall) {
        return hall(hall).sim.miners();
    }

    /** The fleet's books of a hall as last seen, for checks in tests. */
    FleetSnapshot snapshot(String hall) {
        return hall(hall).fleet.snapshot();
    }

    private Hall hall(String name) {
        return halls.entrySet().stream().filter(e -> e.getKey().config.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no miners in hall " + name)).getValue();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Hall h : halls.values()) {
            h.adapter.close();
            h.sim.close();
        }
        unusedPoller.shutdownNow();
    }

}
