package io.wattshift.engine;

import io.wattshift.engine.model.CoolingSpec;
import io.wattshift.engine.model.GpuReading;
import io.wattshift.engine.model.GpuSpec;
import io.wattshift.engine.model.HallSpec;
import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.MinerFleetSpec;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.NodeTelemetry;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.RackSpec;
import io.wattshift.engine.model.SiteSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A small site built in a few calls, driven like an adapter drives the engine. */
final class Fixture {
    static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");

    final VirtualClock clock = new VirtualClock(T0);
    final Engine engine;
    final List<Decision> log = new ArrayList<>();

    Fixture(Policy policy, double siteKw) {
        engine = new Engine(clock, policy.withTelemetryStaleAfter(Duration.ofDays(365)));
        engine.upsertSite(new SiteSpec("site", siteKw));
    }

    /** A hall with {@code racks} racks named {@code <hall>-r<i>}, {@code miners} S21s (3.5 kW, 17.5 J/TH). */
    Fixture hall(String name, double feedKw, double coolingKw, double overhead, int racks, double rackKw,
                 int miners) {
        return hall(name, feedKw, coolingKw, overhead, racks, rackKw, miners, 0);
    }

    /** As the hall above, each miner drawing {@code standbyW} while asleep. */
    Fixture hall(String name, double feedKw, double coolingKw, double overhead, int racks, double rackKw,
                 int miners, double standbyW) {
        List<RackSpec> rs = new ArrayList<>();
        for (int i = 0; i < racks; i++) {
            rs.add(new RackSpec(name + "-r" + i, rackKw));
        }
        engine.upsertHall(new HallSpec(name, "site", feedKw, new CoolingSpec(coolingKw, 25, 0.02), overhead, rs,
            new MinerFleetSpec(miners, 3500, 17.5, standbyW)));
        return this;
    }

    /** {@code count} nodes of 8 x H100 (700 W) with 800 W host overhead (6.4 kW IT at full power) per rack. */
    Fixture nodes(String hall, int racks, int perRack) {
        for (int r = 0; r < racks; r++) {
            for (int i = 0; i < perRack; i++) {
                String name = hall + "-r" + r + "-n" + i;
                engine.upsertNode(NodeSpec.uniform(name, hall, hall + "-r" + r, 8, GpuSpec.h100(), 800));
                telemetry(name, 40);
            }
        }
        return this;
    }

    void telemetry(String node, double tempC) {
        List<GpuReading> gpus = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            gpus.add(new GpuReading(i, 100, 700, tempC));
        }
        engine.updateTelemetry(new NodeTelemetry(node, clock.instant(), gpus));
    }

    static JobSpec training(String key, int workers, int gpus) {
        return JobSpec.training(key, "t", workers, gpus, T0);
    }

    List<Decision> step() {
        List<Decision> d = engine.step();
        log.addAll(d);
        return d;
    }

    /** Step and confirm every bind, as a well-behaved adapter does. */
    List<Decision> stepAndConfirm() {
        List<Decision> d = step();
        for (Decision x : d) {
            if (x instanceof Decision.Bind b) {
                engine.confirmBound(b.job(), b.pod());
            }
        }
        return d;
    }

    static <T extends Decision> List<T> only(List<Decision> ds, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Decision d : ds) {
            if (type.isInstance(d)) {
                out.add(type.cast(d));
            }
        }
        return out;
    }

    io.wattshift.engine.model.HallView hall(String name) {
        return engine.halls().stream().filter(h -> h.hall().equals(name)).findFirst().orElseThrow();
    }
}
