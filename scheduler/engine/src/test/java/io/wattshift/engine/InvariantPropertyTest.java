package io.wattshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.wattshift.engine.model.CappingMode;
import io.wattshift.engine.model.CoolingSpec;
import io.wattshift.engine.model.GpuSpec;
import io.wattshift.engine.model.HallSpec;
import io.wattshift.engine.model.JobKind;
import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.Market;
import io.wattshift.engine.model.MinerFleetSpec;
import io.wattshift.engine.model.MiningReport;
import io.wattshift.engine.model.NodeFacts;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.RackSpec;
import io.wattshift.engine.model.Resources;
import io.wattshift.engine.model.SiteSpec;
import io.wattshift.engine.model.Strategy;
import io.wattshift.engine.model.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded random sequences of arrivals, completions, pod and node losses, telemetry (fresh, hot and
 * stale), hall feeds and racks lowered, miner standby restated, ambient rising, price spikes and late curtailment
 * confirmations (reported with the sleeping miners' standby). After every step the test's own {@link World}, built
 * only from applied decisions, must show every limit kept, no gang partly bound, and no job (one pod, gang or
 * inference at {@code minAvailable}, any topology) left unschedulable that would fit with mining switched off.
 *
 * <p>{@code -Dwattshift.property.sequences=N} runs more; {@code -Dwattshift.property.seed=S} starts elsewhere.
 */
class InvariantPropertyTest {
    private static final int SEQUENCES = Integer.getInteger("wattshift.property.sequences", 2_000);
    private static final int EVENTS = Integer.getInteger("wattshift.property.events", 120);
    private static final long SEED = Long.getLong("wattshift.property.seed", 20_250_601L);
    private static final boolean TRACE = Boolean.getBoolean("wattshift.property.trace");

    /** How often each kind of decision came out over all sequences: proof the sequences reach every path. */
    private static final Map<String, Integer> SEEN = new java.util.TreeMap<>();

    @Test
    @DisplayName("no random sequence of events breaks a limit, binds part of a gang or lets mining hold needed power")
    void invariantsHoldUnderRandomSequences() {
        SEEN.clear();
        for (int i = 0; i < SEQUENCES; i++) {
            long seed = SEED + i;
            try {
                new Run(seed).go();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " failed (rerun: -Dwattshift.property.seed=" + seed
                    + " -Dwattshift.property.sequences=1): " + e.getMessage(), e);
            }
        }
        System.out.println("property test: " + SEQUENCES + " sequences, decisions " + SEEN);
        if (SEQUENCES >= 200) {
            for (String kind : List.of("Bind", "SetPowerCap", "CurtailMining", "MiningLease", "Preempt", "Suspend",
                "Unschedulable", "Preempt-for-job", "Preempt-limit")) {
                assertTrue(SEEN.getOrDefault(kind, 0) > 0, "no " + kind + " decision in any sequence");
            }
        }
    }

    @Test
    @DisplayName("the same inputs and clock readings give the same decisions, step for step")
    void stepIsDeterministic() {
        for (int i = 0; i < 40; i++) {
            Run a = new Run(SEED + i);
            a.go();
            Run b = new Run(SEED + i);
            b.go();
            assertEquals(a.log, b.log, "seed " + (SEED + i));
        }
    }

    private static final class Run {
        /** Every decision of every step, in order. */
        final List<Decision> log = new ArrayList<>();
        final SplittableRandom r;
        /** Draws for other schedulers' pods, apart from {@link #r} so the other events' draws stay as they were. */
        final SplittableRandom foreignR;
        final VirtualClock clock = new VirtualClock(Instant.parse("2025-06-01T00:00:00Z"));
        final Policy policy;
        final Engine engine;
        final World w = new World();
        final Map<String, HallSpec> original = new HashMap<>();
        final Map<String, NodeSpec> lost = new LinkedHashMap<>();
        final Map<String, JobSpec> jobs = new LinkedHashMap<>();
        /** Victims the world still has to stop: job -> pods. */
        final Map<String, Set<Integer>> toKill = new LinkedHashMap<>();
        /**
         * Pods preempted to restore a limit or to restart a gang: off the world's power books at once, but their GPUs
         * are not free until they are stopped (the engine holds them until {@code podFinished}).
         */
        final Map<String, Map<Integer, World.PodAt>> terminating = new LinkedHashMap<>();
        int jobSeq;
        double price = 40;

        Run(long seed) {
            r = new SplittableRandom(seed);
            foreignR = new SplittableRandom(seed ^ 0x5EED_F0E1L);
            CappingMode mode = CappingMode.values()[r.nextInt(3)];
            policy = Policy.defaults()
                .withReserveFraction(r.nextInt(3) * 0.05)
                .withCapping(mode, 300 + r.nextInt(400))
                .withStrategy(r.nextBoolean() ? Strategy.BINPACK : Strategy.SPREAD)
                .withMiningHysteresis(Duration.ofSeconds(r.nextInt(120)), Duration.ofSeconds(r.nextInt(60)),
                    r.nextInt(10))
                .withTelemetryStaleAfter(Duration.ofSeconds(60 + r.nextInt(240)))
                .withPauseAiAbove(r.nextBoolean() ? 1000 : Double.POSITIVE_INFINITY);
            engine = new Engine(clock, policy);
        }

        void go() {
            w.siteKw = 40 + r.nextInt(160);
            engine.upsertSite(new SiteSpec("s", w.siteKw));
            int halls = 1 + r.nextInt(3);
            for (int h = 0; h < halls; h++) {
                String name = "h" + h;
                List<RackSpec> racks = new ArrayList<>();
                int nRacks = 1 + r.nextInt(3);
                for (int k = 0; k < nRacks; k++) {
                    racks.add(new RackSpec(name + "-r" + k, 6 + r.nextInt(25)));
                }
                HallSpec spec = new HallSpec(name, "s", 10 + r.nextInt(70),
                    new CoolingSpec(10 + r.nextInt(70), 25, 0.02), 1 + r.nextInt(30) / 100.0, racks,
                    new MinerFleetSpec(r.nextInt(12), 3500, 17.5, standbyW()));
                hall(spec);
                original.put(name, spec);
                for (RackSpec rack : racks) {
                    int nodes = 1 + r.nextInt(3);
                    for (int n = 0; n < nodes; n++) {
                        int gpus = r.nextBoolean() ? 8 : 4;
                        node(NodeSpec.uniform(rack.name() + "-n" + n, name, rack.name(), gpus, GpuSpec.h100(),
                            400 + r.nextInt(800)));
                    }
                }
            }
            engine.updateMarket(new Market(40, 45));
            for (int e = 0; e < EVENTS; e++) {
                int x = r.nextInt(100);
                if (TRACE) {
                    System.out.println("event " + x + " at " + clock.instant() + " world " + w.bound.keySet());
                }
                event(x);
                step();
            }
        }

        void hall(HallSpec spec) {
            engine.upsertHall(spec);
            w.halls.put(spec.name(), spec);
        }

        void node(NodeSpec spec) {
            engine.upsertNode(spec);
            w.nodes.put(spec.name(), new World.NodeW(spec));
            engine.updateTelemetry(w.telemetry(spec.name(), clock.instant(), 40));
        }

        void event(int x) {
            if (x < 28) {
                submit();
            } else if (x < 38) {
                pick(w.bound.keySet()).ifPresent(this::finish);
            } else if (x < 42) {
                pick(w.bound.keySet()).ifPresent(job -> {
                    Map<Integer, World.PodAt> pods = w.bound.get(job);
                    int pod = pods.keySet().iterator().next();
                    pods.remove(pod);
                    if (pods.isEmpty()) {
                        w.bound.remove(job);
                    }
                    engine.podFinished(job, pod);
                });
            } else if (x < 54) {
                pick(w.nodes.keySet()).ifPresent(n -> engine.updateTelemetry(
                    w.telemetry(n, clock.instant(), 30 + r.nextInt(60))));
            } else if (x < 64) {
                clock.advance(Duration.ofSeconds(1 + r.nextInt(90)));
            } else if (x < 67) {
                pick(w.halls.keySet()).ifPresent(h -> hall(withFeed(w.halls.get(h),
                    w.halls.get(h).feedKw() * (0.4 + r.nextDouble() * 0.5))));
            } else if (x < 69) {
                pick(w.halls.keySet()).ifPresent(h -> hall(r.nextBoolean() ? original.get(h)
                    : withStandby(original.get(h), standbyW())));
            } else if (x < 70) {
                pick(w.halls.keySet()).ifPresent(this::lowerRack);
            } else if (x < 73) {
                pick(w.halls.keySet()).ifPresent(h -> {
                    double t = w.ambient.getOrDefault(h, 25.0) + r.nextInt(16) - 4;
                    w.ambient.put(h, t);
                    engine.updateAmbient(h, t);
                });
            } else if (x < 75) {
                pick(w.nodes.keySet()).ifPresent(this::loseNode);
            } else if (x < 76) {
                pick(lost.keySet()).ifPresent(n -> node(lost.remove(n)));
            } else if (x < 78) {
                price = r.nextBoolean() ? 2000 : 40;
                engine.updateMarket(new Market(price, 45));
            } else if (x < 88) {
                pick(w.drawing.keySet()).ifPresent(h -> {
                    w.drawing.remove(h);
                    if (r.nextBoolean()) {
                        engine.curtailmentConfirmed(h);
                    } else {
                        // what the fleet draws once it reached the lease: its sleeping miners at or under standby
                        double standby = w.halls.get(h).miners().standbyKw() * r.nextDouble();
                        engine.reportMining(new MiningReport(h, w.lease.getOrDefault(h, 0.0) + standby,
                            clock.instant()));
                    }
                });
            } else if (x < 92) {
                pick(toKill.keySet()).ifPresent(this::kill);
            } else if (x < 95) {
                pick(jobs.keySet()).filter(j -> !w.bound.containsKey(j)).ifPresent(j -> {
                    engine.removeJob(j);
                    jobs.remove(j);
                    toKill.remove(j);
                    terminating.remove(j);
                });
            } else if (x < 98) {
                foreignPods();
            } else {
                refuseCap();
            }
        }

        /**
         * A GPU the engine capped did not take the cap (the daemon reports it refused): it draws its default limit,
         * at once. The engine must book that and restore any limit it breaks.
         */
        void refuseCap() {
            List<String[]> capped = new ArrayList<>();
            for (World.NodeW n : w.nodes.values()) {
                for (int g = 0; g < n.limitW.length; g++) {
                    if (n.limitW[g] < n.spec.gpus().get(g).powerLimitW()) {
                        capped.add(new String[] {n.spec.name(), Integer.toString(g)});
                    }
                }
            }
            if (capped.isEmpty()) {
                return;
            }
            String[] pick = capped.get(foreignR.nextInt(capped.size()));
            World.NodeW n = w.nodes.get(pick[0]);
            int g = Integer.parseInt(pick[1]);
            n.limitW[g] = n.spec.gpus().get(g).powerLimitW();
            n.refusedBelowW[g] = n.limitW[g];
            SEEN.merge("cap-refused", 1, Integer::sum);
            if (TRACE) {
                System.out.println("  cap refused: " + pick[0] + " GPU " + g + " stays at " + n.limitW[g] + " W");
            }
            engine.capRefused(pick[0], g, n.limitW[g]);
        }

        /**
         * Pods of another scheduler come or go on a node: the node's facts say how many GPUs they hold, sometimes
         * more than are free (a pod bound onto GPUs the engine had placed one of ours on). Their power is drawn at
         * once; the engine must book it and shed its own work where a limit no longer holds.
         */
        void foreignPods() {
            if (w.nodes.isEmpty()) {
                return;
            }
            List<String> names = new ArrayList<>(w.nodes.keySet());
            World.NodeW n = w.nodes.get(names.get(foreignR.nextInt(names.size())));
            int count = foreignR.nextInt(3) == 0 ? 0
                : foreignR.nextInt(Math.min(n.limitW.length, freeGpus(n).size() + 1) + 1);
            w.foreign.put(n.spec.name(), count);
            SEEN.merge("foreign-gpus-" + (count == 0 ? "gone" : "held"), 1, Integer::sum);
            engine.upsertNode(n.spec.withFacts(NodeFacts.NONE.withForeign(Resources.of("pods", count), count)));
        }

        void submit() {
            String key = "t" + r.nextInt(3) + "/j" + jobSeq++;
            boolean train = r.nextInt(4) != 0;
            int pods = 1 + r.nextInt(train ? 4 : 3);
            int gpus = 1 << r.nextInt(4);
            JobSpec spec = new JobSpec(key, key.substring(0, 2), train ? JobKind.TRAINING : JobKind.INFERENCE, pods,
                gpus, 1 + r.nextInt(pods), r.nextInt(3) * 5, r.nextBoolean(),
                r.nextInt(4) == 0 ? 250 + r.nextInt(450) : 0,
                Topology.values()[r.nextInt(5) < 3 ? 0 : 1 + r.nextInt(2)], clock.instant())
                // a third of the jobs wait in the tenant's own queue, the rest in one of two named queues (from the
                // sequence number, not the random stream, so the seeds keep their sequences)
                .withQueue(jobSeq % 3 == 0 ? null : "q" + jobSeq % 2);
            jobs.put(key, spec);
            engine.submit(spec);
        }

        void finish(String job) {
            w.bound.remove(job);
            toKill.remove(job);
            terminating.remove(job);
            jobs.remove(job);
            engine.removeJob(job);
        }

        void kill(String job) {
            Set<Integer> pods = toKill.remove(job);
            Map<Integer, World.PodAt> held = w.bound.get(job);
            Map<Integer, World.PodAt> stopping = terminating.get(job);
            for (int p : pods) {
                if (held != null) {
                    held.remove(p);
                }
                if (stopping != null) {
                    stopping.remove(p);
                }
                engine.podFinished(job, p);
            }
            if (held != null && held.isEmpty()) {
                w.bound.remove(job);
            }
            if (stopping != null && stopping.isEmpty()) {
                terminating.remove(job);
            }
        }

        void lowerRack(String hall) {
            HallSpec h = w.halls.get(hall);
            List<RackSpec> racks = new ArrayList<>();
            for (RackSpec rs : h.racks()) {
                racks.add(r.nextBoolean() ? new RackSpec(rs.name(), Math.max(1, rs.limitKw() * 0.6)) : rs);
            }
            hall(new HallSpec(h.name(), h.site(), h.feedKw(), h.cooling(), h.coolingOverhead(), racks, h.miners()));
        }

        void loseNode(String node) {
            World.NodeW n = w.nodes.remove(node);
            w.foreign.remove(node); // it comes back with no facts: none known on it
            lost.put(node, n.spec);
            for (Map<String, Map<Integer, World.PodAt>> pods : List.of(w.bound, terminating)) {
                for (Map.Entry<String, Map<Integer, World.PodAt>> e : new ArrayList<>(pods.entrySet())) {
                    e.getValue().values().removeIf(p -> p.node().equals(node));
                    if (e.getValue().isEmpty()) {
                        pods.remove(e.getKey());
                    }
                }
            }
            engine.removeNode(node);
        }

        /** Standby of one miner, W: none in a quarter of the fleets, else up to 400 W (12 miners: 4.8 kW). */
        double standbyW() {
            return r.nextInt(4) == 0 ? 0 : r.nextInt(400);
        }

        static HallSpec withStandby(HallSpec h, double standbyW) {
            MinerFleetSpec m = h.miners();
            return new HallSpec(h.name(), h.site(), h.feedKw(), h.cooling(), h.coolingOverhead(), h.racks(),
                new MinerFleetSpec(m.count(), m.wattsEach(), m.joulesPerTh(), standbyW));
        }

        static HallSpec withFeed(HallSpec h, double feedKw) {
            return new HallSpec(h.name(), h.site(), feedKw, h.cooling(), h.coolingOverhead(), h.racks(), h.miners());
        }

        <T> java.util.Optional<T> pick(java.util.Collection<T> items) {
            if (items.isEmpty()) {
                return java.util.Optional.empty();
            }
            int i = r.nextInt(items.size());
            for (T t : items) {
                if (i-- == 0) {
                    return java.util.Optional.of(t);
                }
            }
            return java.util.Optional.empty();
        }

        void step() {
            Instant now = clock.instant();
            List<Decision> ds = engine.step();
            log.addAll(ds);
            if (TRACE) {
                ds.forEach(d -> System.out.println("  " + d));
            }
            Map<String, Integer> bindsPerJob = new LinkedHashMap<>();
            Map<String, Integer> boundBefore = new HashMap<>();
            List<String> unschedulable = new ArrayList<>();
            for (Decision d : ds) {
                SEEN.merge(d.getClass().getSimpleName(), 1, Integer::sum);
                if (d instanceof Decision.Preempt p) {
                    SEEN.merge(p.forJob() == null ? "Preempt-limit" : "Preempt-for-job", 1, Integer::sum);
                }
                if (d instanceof Decision.Bind b) {
                    boundBefore.putIfAbsent(b.job(), w.bound.getOrDefault(b.job(), Map.of()).size());
                    Map<Integer, World.PodAt> pods = w.bound.computeIfAbsent(b.job(), k -> new LinkedHashMap<>());
                    assertNull(pods.put(b.pod(), new World.PodAt(b.node(), b.gpus())), "pod bound twice: " + b);
                    bindsPerJob.merge(b.job(), 1, Integer::sum);
                    String hall = w.nodes.get(b.node()).spec.hall();
                    assertNull(w.breach(now, policy, w.physicalMining(), hall), "bind into power still drawn: " + b
                        + " in " + hall);
                } else if (d instanceof Decision.SetPowerCap c) {
                    // a GPU that refused a cap keeps refusing to go below what it enforced
                    World.NodeW n = w.nodes.get(c.node());
                    n.limitW[c.gpu()] = Math.max(c.watts(), n.refusedBelowW[c.gpu()]);
                } else if (d instanceof Decision.CurtailMining c) {
                    double before = w.lease.getOrDefault(c.hall(), 0.0);
                    w.drawing.merge(c.hall(), before, Math::max);
                    w.lease.put(c.hall(), c.leaseKw());
                } else if (d instanceof Decision.MiningLease m) {
                    double before = w.lease.getOrDefault(m.hall(), 0.0);
                    if (m.kw() < before) {
                        w.drawing.merge(m.hall(), before, Math::max);
                    }
                    w.lease.put(m.hall(), m.kw());
                } else if (d instanceof Decision.Preempt p) {
                    for (String v : p.victims()) {
                        Set<Integer> pods = new HashSet<>(w.bound.getOrDefault(v, Map.of()).keySet());
                        toKill.merge(v, pods, (a, b) -> {
                            a.addAll(b);
                            return a;
                        });
                        if (p.forJob() == null) {
                            Map<Integer, World.PodAt> gone = w.bound.remove(v); // off the books at once
                            if (gone != null) {
                                terminating.computeIfAbsent(v, k -> new LinkedHashMap<>()).putAll(gone);
                            }
                        }
                    }
                } else if (d instanceof Decision.Suspend sus) {
                    // a price suspension: the pods checkpoint and stop later, holding their GPUs and power until then
                    Set<Integer> pods = new HashSet<>(w.bound.getOrDefault(sus.job(), Map.of()).keySet());
                    toKill.merge(sus.job(), pods, (a, b) -> {
                        a.addAll(b);
                        return a;
                    });
                } else if (d instanceof Decision.Unschedulable u) {
                    unschedulable.add(u.job());
                }
            }
            for (Map.Entry<String, Integer> e : bindsPerJob.entrySet()) {
                JobSpec spec = jobs.get(e.getKey());
                if (spec.kind() == JobKind.TRAINING) {
                    assertEquals(0, boundBefore.get(e.getKey()), "a gang bound on top of a partial gang");
                    assertEquals(spec.pods(), e.getValue(), "gang " + spec.key() + " partly bound");
                } else if (boundBefore.get(e.getKey()) == 0) {
                    assertTrue(e.getValue() >= spec.minAvailable(), "inference below minAvailable: " + spec + " " + engine.job(spec.key()));
                }
            }
            String breach = w.breach(now, policy, w.lease);
            if (breach != null) {
                fail("after a step: " + breach);
            }
            for (String job : unschedulable) {
                checkNotAdmissible(job, now);
            }
            for (Map.Entry<String, Integer> e : bindsPerJob.entrySet()) {
                if (r.nextInt(25) == 0 && boundBefore.get(e.getKey()) == 0) {
                    if (TRACE) {
                        System.out.println("  bind fails: " + e.getKey());
                    }
                    engine.bindFailed(e.getKey(), w.bound.get(e.getKey()).keySet().iterator().next(), "test");
                    Map<Integer, World.PodAt> gone = w.bound.remove(e.getKey());
                    if (toKill.containsKey(e.getKey())) {
                        // preempted in the same step: the engine holds a victim's pods until podFinished
                        terminating.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).putAll(gone);
                    }
                } else {
                    for (int pod : w.bound.getOrDefault(e.getKey(), Map.of()).keySet()) {
                        engine.confirmBound(e.getKey(), pod);
                    }
                }
            }
        }

        /**
         * A job the engine gave up on must not fit even with every miner switched off: its gang (or, for inference,
         * {@code minAvailable} replicas; one more replica once some run) placed first-fit on free GPUs within one
         * group of its topology (the site, a hall, a rack), every limit kept. Pods reserved by gangs waiting for a
         * curtailment hold GPUs and power no decision has shown yet, and pods being stopped hold their GPUs until
         * they are gone, so the probe counts both as bound (their power too: a little stricter than the engine,
         * which drops a pod evicted to restore a limit from the power books at once).
         */
        void checkNotAdmissible(String job, Instant now) {
            JobSpec spec = jobs.get(job);
            // in a price spike preemptible work may be held back for price (the flat threshold, or its value)
            if (spec == null || spec.preemptible() && price > Math.min(100, policy.pauseAiAboveUsdPerMwh())) {
                return;
            }
            int running = w.bound.getOrDefault(job, Map.of()).size();
            int need;
            if (running == 0) {
                need = spec.kind() == JobKind.TRAINING ? spec.pods() : spec.minAvailable();
            } else if (spec.kind() == JobKind.INFERENCE) {
                need = 1;
            } else {
                return; // a gang with pods running is restarting whole: the engine queues it again
            }
            List<String> held = new ArrayList<>();
            terminating.forEach((victim, pods) -> {
                w.bound.put("stopping:" + victim, pods);
                held.add("stopping:" + victim);
            });
            Map<String, double[]> saved = new HashMap<>();
            for (Decision.Bind b : engine.permitPods()) {
                World.NodeW n = w.nodes.get(b.node());
                saved.putIfAbsent(b.node(), n.limitW.clone());
                for (int g : b.gpus()) {
                    n.limitW[g] = World.asked(n, g, b.gpuLimitW());
                }
                String key = "permit:" + b.job();
                w.bound.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(b.pod(),
                    new World.PodAt(b.node(), b.gpus()));
                held.add(key);
            }
            try {
                for (List<World.NodeW> group : groups(spec.topology())) {
                    String fit = firstFit(group, spec, need, now, Map.of());
                    if (fit == null) {
                        continue;
                    }
                    // One pod: the engine must find it (any node that fits will do). Several: the engine packs
                    // greedily (fullest node first), so a gang that fits even with mining as it is may be missed
                    // by the packing alone; that is counted, not failed. What must never happen is mining's
                    // lease being what keeps out a gang that fits once it is cut.
                    if (need > 1 && firstFit(group, spec, need, now, w.lease) != null) {
                        SEEN.merge("probe-packing-miss", 1, Integer::sum);
                        continue;
                    }
                    fail(job + " (" + need + " x " + spec.gpusPerPod() + " GPUs, " + spec.topology()
                        + ") left unschedulable but fits with mining off on " + fit);
                }
                SEEN.merge("probe-" + (need > 1 ? "gang" : "pod") + "-" + spec.topology(), 1, Integer::sum);
            } finally {
                held.forEach(w.bound::remove);
                saved.forEach((node, limits) -> System.arraycopy(limits, 0, w.nodes.get(node).limitW, 0,
                    limits.length));
            }
        }

        /** The nodes a job of this topology may spread over: all, or those of one hall, or of one rack. */
        List<List<World.NodeW>> groups(Topology topology) {
            Map<String, List<World.NodeW>> groups = new LinkedHashMap<>();
            for (World.NodeW n : w.nodes.values()) {
                String group = switch (topology) {
                    case ANY -> "site";
                    case SAME_HALL -> n.spec.hall();
                    case SAME_RACK -> n.spec.hall() + "/" + n.spec.rack();
                };
                groups.computeIfAbsent(group, g -> new ArrayList<>()).add(n);
            }
            return new ArrayList<>(groups.values());
        }

        /**
         * Places {@code need} pods first-fit with mining at {@code mining} (kW per hall); where they went if all
         * fit, else null. Undoes it.
         */
        String firstFit(List<World.NodeW> group, JobSpec spec, int need, Instant now, Map<String, Double> mining) {
            double cap = spec.gpuCapW() > 0 ? spec.gpuCapW() : 0;
            if (policy.capping() == CappingMode.FIXED) {
                cap = cap > 0 ? Math.min(cap, policy.fixedCapW()) : policy.fixedCapW();
            }
            Map<Integer, World.PodAt> probe = new LinkedHashMap<>();
            Map<String, double[]> saved = new HashMap<>();
            w.bound.put("probe", probe);
            try {
                for (World.NodeW n : group) {
                    List<Integer> free = freeGpus(n);
                    while (probe.size() < need && free.size() >= spec.gpusPerPod()) {
                        List<Integer> gpus = new ArrayList<>(free.subList(0, spec.gpusPerPod()));
                        double[] before = n.limitW.clone();
                        saved.putIfAbsent(n.spec.name(), before);
                        for (int g : gpus) {
                            n.limitW[g] = World.asked(n, g, cap);
                        }
                        probe.put(probe.size(), new World.PodAt(n.spec.name(), gpus));
                        if (w.breach(now, policy, mining) != null) {
                            probe.remove(probe.size() - 1);
                            System.arraycopy(before, 0, n.limitW, 0, before.length);
                            break;
                        }
                        free.removeAll(gpus);
                    }
                }
                return probe.size() == need ? probe.values().toString() : null;
            } finally {
                w.bound.remove("probe");
                saved.forEach((node, limits) -> System.arraycopy(limits, 0, w.nodes.get(node).limitW, 0,
                    limits.length));
            }
        }

        List<Integer> freeGpus(World.NodeW n) {
            Set<Integer> used = new HashSet<>();
            for (Map<Integer, World.PodAt> pods : w.bound.values()) {
                for (World.PodAt p : pods.values()) {
                    if (p.node().equals(n.spec.name())) {
                        used.addAll(p.gpus());
                    }
                }
            }
            List<Integer> free = new ArrayList<>();
            for (int i = 0; i < n.limitW.length; i++) {
                if (!used.contains(i)) {
                    free.add(i);
                }
            }
            // other schedulers' pods hold some of them (the engine holds the highest free ones)
            int foreign = Math.min(free.size(), w.foreign.getOrDefault(n.spec.name(), 0));
            return free.subList(0, free.size() - foreign);
        }
    }
}
