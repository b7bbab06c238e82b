package io.wattshift.scheduler.mining;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wattshift.api.Miner;
import io.wattshift.scheduler.loop.Fixtures;
import io.wattshift.api.MinerFleet;
import io.wattshift.engine.Decision;
import io.wattshift.engine.Engine;
import io.wattshift.engine.model.CoolingSpec;
import io.wattshift.engine.model.GpuReading;
import io.wattshift.engine.model.GpuSpec;
import io.wattshift.engine.model.HallSpec;
import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.Market;
import io.wattshift.engine.model.MinerFleetSpec;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.NodeTelemetry;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.RackSpec;
import io.wattshift.engine.model.SiteSpec;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.MinerSpec;
import io.wattshift.miners.fleet.CurtailmentReport;
import io.wattshift.miners.fleet.FleetPolicy;
import io.wattshift.miners.fleet.HallFleet;
import io.wattshift.miners.luxos.FleetClientConfig;
import io.wattshift.miners.luxos.LuxosFleetAdapter;
import io.wattshift.miners.sim.FleetSimulator;
import io.wattshift.miners.sim.MinerModel;
import io.wattshift.miners.sim.SimConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The real engine, the lease controller and a simulated fleet wired the way the scheduler wires them: the engine
 * on one owner thread (the "scheduling context"), mining decisions routed through {@link MiningDecisions}, fleet
 * outcomes fed back through {@link EngineMiningEvents}. One hall, {@code miners} x 3 kW miners at 20 J/TH, a
 * feed of {@code feedKw}, two nodes of 8 x H100 (16 kW at the feed for a 2 x 8 training job). The engine books
 * each miner's standby as the scheduler does ({@link FleetSettings#standbyWattsEach}: the Hall's declared
 * {@code standbyWatts}, else 300 W, the most a 3 kW miner may draw and still count as asleep); the simulated miners
 * really draw 15 W asleep.
 */
final class EngineMiningFixture implements AutoCloseable {

    static final String HALL = "hall-a";

    final ExecutorService context = Executors.newSingleThreadExecutor(r -> new Thread(r, "scheduling-context"));
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService storeWorker = Executors.newSingleThreadExecutor();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final InMemoryLeaseStore store = new InMemoryLeaseStore();
    final Map<String, Instant> arrivals = new ConcurrentHashMap<>();
    final FleetSimulator sim;
    final LuxosFleetAdapter adapter;
    final Engine engine;
    final MiningLeaseController controller;
    final MiningDecisions decisions;

    /** Every fleet power the controller reported to the engine, kW, in order. */
    final List<Double> reportedKw = new CopyOnWriteArrayList<>();
    /** What the engine books for one miner asleep, W (as {@code Translation} books a Hall's fleet). */
    final double standbyWattsEach;

    /** Every decision failure MiningDecisions reported, in order. */
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    /** The fleet the controller would command (given to it only when built). */
    final HallFleet fleet;

    EngineMiningFixture(int miners, double feedKw, Duration rampDown, Market market) throws Exception {
        this(miners, feedKw, rampDown, market, true);
    }

    /**
     * @param fleetBuilt false: the engine books the Hall's fleet but the controller has none (its Secret is
     *                   missing, say), as the scheduler runs before the Hall's MinersUnavailable condition lands
     */
    EngineMiningFixture(int miners, double feedKw, Duration rampDown, Market market, boolean fleetBuilt) throws Exception {
        this(miners, feedKw, rampDown, market, fleetBuilt, null);
    }

    /**
     * @param standbyWatts the Hall's {@code spec.miners.standbyWatts} (null: not declared, 10 % of nameplate); the
     *                     fleet's miners and the engine's books both come from the Hall's fleet through
     *                     {@link FleetSettings}, as the scheduler builds them
     */
    EngineMiningFixture(int miners, double feedKw, Duration rampDown, Market market, boolean fleetBuilt,
                        Double standbyWatts) throws Exception {
        sim = FleetSimulator.start(SimConfig.loopback().withRamps(rampDown, Duration.ofMillis(200)),
                List.of(new MinerModel("s", miners, 3000, 20, false)));
        adapter = new LuxosFleetAdapter(HALL, FleetClientConfig.defaults(), MinerCredentials.NONE, Clock.systemUTC());
        var metrics = new MinerMetrics(registry);
        MinerFleet hallFleet = apiFleet(sim.specs(), standbyWatts);
        fleet = new HallFleet(HALL, FleetSettings.miners(hallFleet), adapter,
                FleetPolicy.defaults().withMinOffTime(Duration.ZERO), Clock.systemUTC(), timers, metrics);
        engine = new Engine(Clock.systemUTC(), Policy.defaults().withReserveFraction(0)
                .withTelemetryStaleAfter(Duration.ofDays(365)));
        MiningEvents toEngine = new EngineMiningEvents(engine, context, Clock.systemUTC());
        MiningEvents recorded = new MiningEvents() {
            @Override
            public void curtailed(String hall, double leaseKw, double miningKw, CurtailmentReport report) {
                reportedKw.add(miningKw);
                toEngine.curtailed(hall, leaseKw, miningKw, report);
            }

            @Override
            public void fleetPower(String hall, double miningKw) {
                reportedKw.add(miningKw);
                toEngine.fleetPower(hall, miningKw);
            }
        };
        controller = new MiningLeaseController(fleetBuilt ? Map.of(HALL, fleet) : Map.of(), store, recorded,
                () -> market.hashpriceUsdPerPhDay(), metrics, Clock.systemUTC(), storeWorker);
        decisions = new MiningDecisions(controller, arrivals::get, metrics, (hall, e) -> {
            if (e != null) failures.add(e);
        });
        standbyWattsEach = FleetSettings.standbyWattsEach(hallFleet);
        onContext(() -> {
            engine.upsertSite(new SiteSpec("site", 100_000));
            engine.upsertHall(new HallSpec(HALL, "site", feedKw, new CoolingSpec(100_000, 25, 0.02), 1.25,
                    List.of(new RackSpec(HALL + "-r0", 1000)), new MinerFleetSpec(miners, 3000, 20, standbyWattsEach)));
            for (int n = 0; n < 2; n++) {
                String node = HALL + "-n" + n;
                engine.upsertNode(NodeSpec.uniform(node, HALL, HALL + "-r0", 8, GpuSpec.h100(), 800));
                List<GpuReading> gpus = new ArrayList<>();
                for (int i = 0; i < 8; i++) gpus.add(new GpuReading(i, 100, 700, 40));
                engine.updateTelemetry(new NodeTelemetry(node, Instant.now(), gpus));
            }
            engine.updateMarket(market);
            return null;
        });
        controller.adoptFleets().get(30, TimeUnit.SECONDS);
    }

    /** The Hall's {@code spec.miners} listing the simulated miners (3 kW at 20 J/TH), with the fleet's standby. */
    private static MinerFleet apiFleet(List<MinerSpec> simulated, Double standbyWatts) {
        List<Miner> list = new ArrayList<>();
        for (MinerSpec s : simulated) {
            Miner m = Fixtures.miner(s.id(), s.host(), s.nameplateWatts(), s.joulesPerTerahash());
            m.setPort(s.port());
            list.add(m);
        }
        MinerFleet fleet = new MinerFleet();
        fleet.setMiners(list);
        fleet.setStandbyWatts(standbyWatts);
        return fleet;
    }

    <T> T onContext(Callable<T> c) throws Exception {
        return context.submit(c).get(30, TimeUnit.SECONDS);
    }

    /** One engine step on the context; mining decisions go to the controller (not awaited). */
    List<Decision> step(List<CompletableFuture<?>> mining) throws Exception {
        List<Decision> ds = onContext(engine::step);
        for (Decision d : ds) {
            CompletableFuture<?> f = decisions.apply(d);
            if (f != null) mining.add(f);
        }
        return ds;
    }

    /** Submits a 2 x 8-GPU training job now and returns its key. */
    String submitTraining(String name) throws Exception {
        String key = "ns/" + name;
        Instant now = Instant.now();
        arrivals.put(key, now);
        onContext(() -> engine.submit(JobSpec.training(key, "tenant", 2, 8, now)));
        return key;
    }

    static <T extends Decision> List<T> only(List<Decision> ds, Class<T> type) {
        return ds.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static void awaitAll(List<CompletableFuture<?>> fs) throws Exception {
        CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        fs.clear();
    }

    @Override
    public void close() {
        adapter.close();
        sim.close();
        context.shutdownNow();
        timers.shutdownNow();
        storeWorker.shutdownNow();
    }
}
