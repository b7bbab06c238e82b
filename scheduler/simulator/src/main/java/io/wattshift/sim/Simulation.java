package io.wattshift.sim;

import io.wattshift.engine.economics.CapCurve;

import io.wattshift.engine.Decision;
import io.wattshift.engine.Engine;
import io.wattshift.engine.VirtualClock;
import io.wattshift.engine.model.CappingMode;
import io.wattshift.engine.model.JobKind;
import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.Market;
import io.wattshift.engine.model.MiningReport;
import io.wattshift.engine.model.PriceInterval;
import io.wattshift.engine.model.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One policy over one trace in virtual time. Drives the engine like the live scheduler does (events in, {@code
 * step()}, decisions applied) and plays the world: binds succeed, jobs run at the speed their GPU caps allow
 * ({@link CapCurve}), miners follow their leases as the {@link FleetModel} plays them (by default 5-30 s to drop
 * and 60 s to wake), preempted pods stop after a 30 s grace, the ambient follows its daily curve and the engine
 * hears each hour's forecast five minutes ahead.
 */
public final class Simulation {
    /** Where a run starts when its prices have no timestamps of their own. */
    static final Instant START = Instant.parse("2025-01-06T00:00:00Z");
    private static final int ARRIVE = 0;
    private static final int COMPLETE = 1;
    private static final int KILL = 2;
    private static final int FLEET = 3;
    private static final int HOUR = 4;
    private static final int FORECAST = 5;
    /** A price interval starts: the engine hears the new price (and what is known ahead of it). */
    private static final int PRICE = 6;
    /** One miner ramp-down before a price interval: a step, so a fleet can be asleep when a dear hour starts. */
    private static final int AHEAD = 7;

    private record Event(long t, long seq, int type, String ref, long version) {
    }

    private static final class SimJob {
        final TraceJob spec;
        double remainingS;
        double speed;
        boolean running;
        boolean done;
        long startedAt = -1;
        long progressAt;
        long version;
        long demandAt = -1;
        /** Suspended for price: when its pods stopped (-1: not suspended). */
        long suspendedAt = -1;
        boolean suspending;
        /** GPUs' worth of speed its caps take: gpus x (1 - speed) while it runs. */
        double cappedAway;
        final java.util.Set<Integer> bound = new java.util.TreeSet<>();

        SimJob(TraceJob spec) {
            this.spec = spec;
            this.remainingS = spec.durationS();
        }
    }

    private static final class Fleet {
        final Plant.HallP hall;
        double target;
        long curtailSince = -1;

        Fleet(Plant.HallP hall) {
            this.hall = hall;
        }
    }

    private final SiteConfig site;
    private final Traces.Trace trace;
    private final PriceSeries prices;
    private final double hashprice;
    private final PolicyKind kind;
    private final Consumer<String> progress;
    /** The run's time zero: its prices' start (or {@link PriceSeries#startingAt}), else {@link #START}. */
    private final Instant start;
    private final VirtualClock clock;
    private final MarketMeter market;
    private final PriorityQueue<Event> events = new PriorityQueue<>(
        java.util.Comparator.comparingLong(Event::t).thenComparingLong(Event::seq));
    private final Map<String, SimJob> jobs = new LinkedHashMap<>();
    private final Map<String, Fleet> fleets = new LinkedHashMap<>();
    private final FleetModel.Factory minersFactory;
    private final long seed;
    /** Opened by {@link #run} (it may start servers) and closed when the run ends. */
    private FleetModel miners;
    private final Plant plant;
    private final Meter meter;
    private final Engine engine;
    private final Map<Integer, Stats> waits = new TreeMap<>();
    private final Stats powerFree = new Stats();
    private final Stats toBind = new Stats();
    private long seq;
    private int completed;
    private long preemptions;
    private int curtailments;
    private double curtailedMw;
    private int limitCurtailments;
    private double limitCurtailedMw;
    private double price;
    /** Sum over running jobs of gpus x (1 - speed): the work their caps take. */
    private double cappedAwayGpus;
    private long sampleStepS = TimeSeries.DEFAULT_STEP_S;
    /** Made by {@link #run} (the step may be set until then). */
    private TimeSeries.Recorder series;

    public Simulation(SiteConfig site, Traces.Trace trace, PriceSeries prices, double hashprice, PolicyKind kind,
                      long seed, Consumer<String> progress) {
        this(site, trace, prices, hashprice, kind, seed, progress, VirtualFleet.factory());
    }

    /** @param miners how the halls' miners are played; a policy without miners (ai-only) gets none */
    Simulation(SiteConfig site, Traces.Trace trace, PriceSeries prices, double hashprice, PolicyKind kind,
               long seed, Consumer<String> progress, FleetModel.Factory miners) {
        this.start = prices.runStart() != null ? prices.runStart() : START;
        this.clock = new VirtualClock(start);
        this.site = site;
        this.trace = trace;
        this.prices = prices;
        this.hashprice = hashprice;
        this.kind = kind;
        this.progress = progress;
        this.plant = new Plant(site, kind != PolicyKind.AI_ONLY);
        int gpus = 0;
        for (SiteConfig.HallConfig h : site.halls()) {
            gpus += h.nodes() * h.gpu().perNode();
        }
        this.meter = new Meter(plant, site.site().aiUsdPerGpuHour(), gpus);
        this.engine = new Engine(clock, simulated(defaultPolicy(site)));
        this.market = new MarketMeter(site, plant, engine);
        meter.poolFee = engine.policy().market().poolFee();
        SiteModel.install(engine, site, kind, clock.instant());
        for (Plant.HallP h : plant.halls) {
            fleets.put(h.config.name(), new Fleet(h));
        }
        this.minersFactory = kind == PolicyKind.AI_ONLY ? VirtualFleet.factory() : miners;
        this.seed = seed;
    }

    /**
     * The PowerPolicy defaults, as the live scheduler uses them, with the site's value of a GPU-hour for the market
     * room (the live default is the PowerPolicy's own).
     */
    static Policy defaultPolicy(SiteConfig site) {
        return Policy.defaults().withMarket(Policy.defaults().market()
            .withAiUsdPerGpuHour(site.site().aiUsdPerGpuHour()));
    }

    /** Runs under {@code policy} (e.g. from {@code --policy-file}) instead of the defaults. */
    public Simulation policy(Policy policy) {
        engine.setPolicy(simulated(policy));
        meter.poolFee = policy.market().poolFee();
        return this;
    }

    /** Telemetry never goes stale in the model: every node is measured exactly. */
    private static Policy simulated(Policy policy) {
        return policy.withTelemetryStaleAfter(Duration.ofDays(3650));
    }

    /** Seconds between the samples of the report's time series (default {@link TimeSeries#DEFAULT_STEP_S}). */
    public Simulation sampleStep(long seconds) {
        this.sampleStepS = seconds;
        return this;
    }

    /** Run to the horizon: the last arrival plus a day (or a tenth of the trace's span), in whole hours. */
    public PolicyReport run() {
        miners = minersFactory.open(plant.halls, seed);
        try (FleetModel m = miners) {
            return runToHorizon();
        }
    }

    private PolicyReport runToHorizon() {
        long last = trace.jobs().isEmpty() ? 0 : trace.jobs().get(trace.jobs().size() - 1).submitS();
        long horizon = ((last + Math.max(86_400, last / 10)) / 3600 + 1) * 3600;
        for (TraceJob j : trace.jobs()) {
            jobs.put(j.key(), new SimJob(j));
            schedule(j.submitS(), ARRIVE, j.key(), 0);
        }
        for (long h = 0; h * 3600 < horizon; h++) {
            schedule(h * 3600, HOUR, null, h);
            schedule(h * 3600 + 3300, FORECAST, null, h + 1);
        }
        prices.requireCovers(start, start.plusSeconds(horizon), start);
        long rampDown = engine.policy().market().minerRampDown().toSeconds();
        for (PriceInterval p : prices.between(start, start.plusSeconds(horizon), start)) {
            long at = Math.max(0, p.start().getEpochSecond() - start.getEpochSecond());
            schedule(at, PRICE, null, 0);
            if (prices.dayAhead() && at - rampDown > 0) {
                schedule(at - rampDown, AHEAD, null, 0);
            }
        }
        series = new TimeSeries.Recorder(sampleStepS, start, site, plant, meter, new java.util.TreeSet<>(
            trace.jobs().stream().map(TraceJob::priority).toList()), this::queuedByPriority);
        long wallStart = System.nanoTime();
        long nextReport = wallStart + 2_000_000_000L;
        while (!events.isEmpty() && events.peek().t() < horizon) {
            long t = events.peek().t();
            series.sampleBefore(t, price, hashprice);
            meter.advance(t, price, hashprice);
            market.advance(t, price, hashprice, cappedAwayGpus, kind == PolicyKind.WATTSHIFT);
            clock.set(start.plusSeconds(t));
            while (!events.isEmpty() && events.peek().t() == t) {
                handle(events.poll(), t);
            }
            apply(engine.step(), t);
            plant.check("t=" + t + "s");
            if (System.nanoTime() > nextReport) {
                nextReport = System.nanoTime() + 2_000_000_000L;
                progress.accept(String.format("simulate %s: day %.1f of %.1f, %d of %d jobs done", kind.id(),
                    t / 86400.0, horizon / 86400.0, completed, jobs.size()));
            }
        }
        meter.advance(horizon, price, hashprice);
        market.advance(horizon, price, hashprice, cappedAwayGpus, kind == PolicyKind.WATTSHIFT);
        for (SimJob j : jobs.values()) {
            if (j.suspendedAt >= 0) {
                market.gpuHoursLostToSuspensions += j.spec.gpus() * (horizon - j.suspendedAt) / 3600.0;
            }
        }
        return report(horizon);
    }

    private void handle(Event e, long t) {
        switch (e.type()) {
            case ARRIVE -> engine.submit(spec(jobs.get(e.ref()).spec));
            case COMPLETE -> complete(jobs.get(e.ref()), e.version(), t);
            case KILL -> kill(jobs.get(e.ref()), t);
            case FLEET -> settle(fleets.get(e.ref()), t);
            case HOUR -> hour(e.version());
            case PRICE -> price(t);
            case AHEAD -> { } // nothing to change: the step after it sees the interval ahead
            case FORECAST -> forecast(e.version(), t);
            default -> throw new IllegalStateException("event " + e);
        }
    }

    private void apply(List<Decision> decisions, long t) {
        for (Decision d : decisions) {
            if (d instanceof Decision.Bind b) {
                bind(b, t);
            } else if (d instanceof Decision.SetPowerCap c) {
                String pod = plant.setCap(c.node(), c.gpu(), c.watts());
                if (pod != null) {
                    SimJob job = jobs.get(pod.substring(0, pod.lastIndexOf('#')));
                    if (job.running) {
                        reschedule(job, t);
                    }
                }
            } else if (d instanceof Decision.CurtailMining c) {
                Fleet f = fleets.get(c.hall());
                if (c.forJob() == null) {
                    limitCurtailments++;
                    limitCurtailedMw += c.kw() / 1000;
                } else {
                    curtailments++;
                    curtailedMw += c.kw() / 1000;
                    if (f.curtailSince < 0) {
                        f.curtailSince = t;
                    }
                }
                series.curtailed(t, c.hall(), c.kw(), c.leaseKw(), c.forJob());
                f.target = c.leaseKw();
                schedule(miners.curtail(f.hall, c.kw(), c.leaseKw(), t), FLEET, c.hall(), 0);
                SimJob job = c.forJob() == null ? null : jobs.get(c.forJob());
                if (job != null && job.demandAt < 0) {
                    job.demandAt = t;
                }
            } else if (d instanceof Decision.MiningLease m) {
                retarget(fleets.get(m.hall()), m.kw(), t);
            } else if (d instanceof Decision.Preempt p) {
                for (String v : p.victims()) {
                    schedule(t + (p.forJob() == null ? 5 : 30), KILL, v, 0);
                }
            } else if (d instanceof Decision.Suspend su) {
                // the workload checkpoints within the grace, then stops; its progress is kept (credited below)
                jobs.get(su.job()).suspending = true;
                market.suspensions++;
                schedule(t + su.grace().toSeconds(), KILL, su.job(), 0);
            }
        }
    }

    private void bind(Decision.Bind b, long t) {
        SimJob job = jobs.get(b.job());
        plant.start(b.job() + "#" + b.pod(), b.node(), b.gpus());
        engine.confirmBound(b.job(), b.pod());
        job.bound.add(b.pod());
        meter.boundGpus += b.gpus().size();
        if (!job.running && job.bound.size() == job.spec.workers()) {
            job.running = true;
            if (job.startedAt < 0) {
                job.startedAt = t;
                waits.computeIfAbsent(job.spec.priority(), p -> new Stats()).add(t - job.spec.submitS());
            }
            if (job.demandAt >= 0) {
                toBind.add(t - job.demandAt);
                job.demandAt = -1;
            }
            if (job.suspendedAt >= 0) {
                market.resumes++;
                market.gpuHoursLostToSuspensions += job.spec.gpus() * (t - job.suspendedAt) / 3600.0;
                job.suspendedAt = -1;
            }
            job.progressAt = t;
            job.speed = 0;
            reschedule(job, t);
        }
    }

    /** Bring a running job's progress up to {@code t} and schedule its completion at its current speed. */
    private void reschedule(SimJob job, long t) {
        job.remainingS = Math.max(0, job.remainingS - job.speed * (t - job.progressAt));
        job.progressAt = t;
        double fraction = 1;
        for (int pod : job.bound) {
            fraction = Math.min(fraction, plant.capFraction(job.spec.key() + "#" + pod));
        }
        meter.effectiveGpus -= job.speed * job.spec.gpus();
        job.speed = CapCurve.speed(fraction);
        meter.effectiveGpus += job.speed * job.spec.gpus();
        capped(job, (1 - job.speed) * job.spec.gpus());
        job.version++;
        schedule(t + Math.max(1, (long) Math.ceil(job.remainingS / job.speed)), COMPLETE, job.spec.key(),
            job.version);
    }

    private void complete(SimJob job, long version, long t) {
        if (version != job.version || !job.running) {
            return;
        }
        stopPods(job, t, false);
        job.done = true;
        completed++;
        engine.removeJob(job.spec.key());
    }

    private void kill(SimJob job, long t) {
        if (job.done || job.bound.isEmpty()) {
            return;
        }
        if (job.suspending) {
            job.suspending = false;
            job.suspendedAt = t;
        } else {
            preemptions++;
        }
        stopPods(job, t, true);
    }

    private void stopPods(SimJob job, long t, boolean tellEngine) {
        if (job.running) {
            job.remainingS = Math.max(0, job.remainingS - job.speed * (t - job.progressAt));
            meter.effectiveGpus -= job.speed * job.spec.gpus();
            capped(job, 0);
            job.speed = 0;
            job.running = false;
            job.version++;
        }
        for (int pod : job.bound) {
            plant.stop(job.spec.key() + "#" + pod);
            meter.boundGpus -= job.spec.gpusPerWorker();
            if (tellEngine) {
                engine.podFinished(job.spec.key(), pod);
            }
        }
        job.bound.clear();
    }

    private void capped(SimJob job, double gpus) {
        cappedAwayGpus += gpus - job.cappedAway;
        job.cappedAway = gpus;
    }

    private void retarget(Fleet f, double kw, long t) {
        series.leased(t, f.hall.config.name(), f.target, kw);
        f.target = kw;
        schedule(miners.retarget(f.hall, kw, t), FLEET, f.hall.config.name(), 0);
    }

    private void settle(Fleet f, long t) {
        long again = miners.settle(f.hall, t);
        if (again > t) {
            schedule(again, FLEET, f.hall.config.name(), 0);
        }
        if (kind == PolicyKind.WATTSHIFT) {
            engine.reportMining(new MiningReport(f.hall.config.name(), f.hall.miningDrawKw(), clock.instant()));
        }
        if (f.curtailSince >= 0 && miners.atLease(f.hall)) {
            powerFree.add(t - f.curtailSince);
            f.curtailSince = -1;
        }
    }

    /** A price interval starts: the engine hears its price and, for day-ahead prices, the next 24 hours. */
    private void price(long t) {
        Instant now = start.plusSeconds(t);
        price = prices.at(now, start).usdPerMwh();
        List<PriceInterval> ahead = prices.dayAhead() ? prices.between(now, now.plus(Duration.ofHours(24)), start)
            : List.of();
        engine.updateMarket(new Market(price, hashprice, ahead, null));
    }

    private void hour(long h) {
        for (Plant.HallP hall : plant.halls) {
            hall.ambientC = ambient(hall, h);
            engine.updateAmbient(hall.config.name(), hall.ambientC);
        }
        if (h == 0 && kind == PolicyKind.STATIC_SPLIT) {
            for (Fleet f : fleets.values()) {
                f.target = SiteModel.staticMiningKw(site, f.hall.config, ambient(f.hall, 0), price, hashprice,
                    engine.policy());
                long settleAt = miners.preset(f.hall, f.target, 0);
                if (settleAt > 0) {
                    schedule(settleAt, FLEET, f.hall.config.name(), 0);
                }
            }
        }
    }

    /** Five minutes before hour {@code h}: the engine plans for the warmer of the two hours. */
    private void forecast(long h, long t) {
        for (Plant.HallP hall : plant.halls) {
            double worst = Math.max(ambient(hall, h - 1), ambient(hall, h));
            engine.updateAmbient(hall.config.name(), worst);
            if (kind == PolicyKind.STATIC_SPLIT) {
                Fleet f = fleets.get(hall.config.name());
                double next = prices.at(start.plusSeconds(h * 3600), start).usdPerMwh();
                double kw = SiteModel.staticMiningKw(site, hall.config, worst, next, hashprice,
                    engine.policy());
                if (kw != f.target) {
                    retarget(f, kw, t);
                }
            }
        }
    }

    private static double ambient(Plant.HallP hall, long h) {
        return hall.config.ambient().at(h % 24);
    }

    private JobSpec spec(TraceJob j) {
        Instant at = start.plusSeconds(j.submitS());
        JobSpec s = j.type() == JobKind.TRAINING
            ? JobSpec.training(j.key(), j.tenant(), j.workers(), j.gpusPerWorker(), at)
            : JobSpec.inference(j.key(), j.tenant(), j.workers(), j.gpusPerWorker(), j.workers(), at);
        return s.withPriority(j.priority(), j.preemptible());
    }

    /** Jobs submitted by second {@code s} and not running nor done, by priority (the time series' queue). */
    private Map<Integer, Integer> queuedByPriority(long s) {
        Map<Integer, Integer> queued = new TreeMap<>();
        for (SimJob j : jobs.values()) {
            if (j.spec.submitS() <= s && !j.running && !j.done) {
                queued.merge(j.spec.priority(), 1, Integer::sum);
            }
        }
        return queued;
    }

    private void schedule(long t, int type, String ref, long version) {
        events.add(new Event(t, seq++, type, ref, version));
    }

    private PolicyReport report(long horizon) {
        int running = 0;
        int waiting = 0;
        int never = 0;
        for (SimJob j : jobs.values()) {
            if (j.running) {
                running++;
            } else if (!j.done) {
                waiting++;
            }
            if (j.startedAt < 0) {
                never++;
            }
        }
        Map<Integer, PolicyReport.Wait> w = new TreeMap<>(java.util.Comparator.reverseOrder());
        waits.forEach((p, s) -> w.put(p, new PolicyReport.Wait(s.count(), s.mean(), s.percentile(99))));
        Meter m = meter;
        double net = m.aiRevenueUsd + m.miningRevenueUsd - m.aiCostUsd - m.miningCostUsd;
        return new PolicyReport(kind.id(), horizon / 3600.0, m.aiRevenueUsd, m.miningRevenueUsd, m.aiMwh,
            m.miningMwh, m.aiCostUsd, m.miningCostUsd, m.aiMwh == 0 ? 0 : m.aiRevenueUsd / m.aiMwh,
            m.miningMwh == 0 ? 0 : m.miningRevenueUsd / m.miningMwh, net, m.utilisation(horizon),
            new PolicyReport.Jobs(jobs.size(), completed, running, waiting, never, preemptions, trace.skipped()),
            w, new PolicyReport.Curtailments(curtailments, curtailedMw, powerFree.mean(),
                powerFree.percentile(99), toBind.mean(), limitCurtailments, limitCurtailedMw),
            plant.powerViolations, plant.coolingViolations, plant.firstViolation, miners.traffic(),
            series.finish(horizon, price, hashprice, waits),
            new PolicyReport.MarketFigures(market.minedAtLossMwh, market.aiAboveValueMwh, market.suspensions,
                market.resumes, market.gpuHoursLostToCaps, market.gpuHoursLostToSuspensions,
                kind != PolicyKind.WATTSHIFT ? null : new PolicyReport.Oracle(market.oracleMiningRevenueUsd,
                    market.oracleMiningCostUsd, market.oracleMiningMwh)));
    }
}
