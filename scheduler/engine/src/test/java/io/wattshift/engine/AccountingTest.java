package io.wattshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.engine.model.Policy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccountingTest {

    static Stream<Arguments> podPower() {
        // gpus, expected IT W: 700 W per GPU + 800 W host x g/8; feed = IT x 1.2
        return Stream.of(
            Arguments.of(1, 800.0),
            Arguments.of(4, 3200.0),
            Arguments.of(8, 6400.0));
    }

    @ParameterizedTest(name = "a pod of {0} GPUs commits {1} W of IT power and 1.2 times that at the feed")
    @MethodSource("podPower")
    void aPodCommitsGpuLimitsPlusHostShareTimesCoolingOverhead(int gpus, double itW) {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), 10_000)
            .hall("a", 1000, 1000, 1.2, 1, 100, 0).nodes("a", 1, 1);
        f.engine.submit(Fixture.training("ns/j", 1, gpus));
        List<Decision.Bind> binds = Fixture.only(f.step(), Decision.Bind.class);
        assertEquals(1, binds.size());
        assertEquals(itW, binds.get(0).committedW(), 1e-9);
        assertEquals(itW / 1000 * 1.2, f.hall("a").aiKw(), 1e-9);
        assertEquals(8 - gpus, f.hall("a").freeGpus());
    }

    @Test
    @DisplayName("a finished job gives back exactly what it committed")
    void aFinishedJobGivesBackExactlyWhatItCommitted() {
        Fixture f = new Fixture(Policy.defaults(), 10_000).hall("a", 1000, 1000, 1.2, 2, 100, 0).nodes("a", 2, 2);
        f.engine.submit(Fixture.training("ns/a", 3, 8));
        f.engine.submit(Fixture.training("ns/b", 2, 2));
        f.stepAndConfirm();
        assertTrue(f.hall("a").aiKw() > 0);
        f.engine.removeJob("ns/a");
        f.engine.removeJob("ns/b");
        assertEquals(0, f.hall("a").aiKw(), 1e-9);
        assertEquals(32, f.hall("a").freeGpus());
    }

    static Stream<Arguments> limits() {
        // hall feed kW, rack kW, expected 8-GPU pods placed (each 6.4 kW IT, 7.68 kW at the feed with 1.2)
        return Stream.of(
            Arguments.of(1000.0, 100.0, 4),   // GPUs bind: 4 nodes
            Arguments.of(16.0, 100.0, 2),     // hall feed: 2 x 7.68 = 15.36 <= 16 (reserve 0)
            Arguments.of(1000.0, 12.0, 2),    // racks of 2 nodes, 12 kW each: one 6.4 kW pod per rack
            Arguments.of(7.0, 100.0, 0));     // not even one
    }

    @ParameterizedTest(name = "feed {0} kW, racks {1} kW: {2} single-node pods fit")
    @MethodSource("limits")
    void placementStopsAtTheTightestOfRackHallAndSiteLimits(double feedKw, double rackKw, int expected) {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), 10_000)
            .hall("a", feedKw, 1000, 1.2, 2, rackKw, 0).nodes("a", 2, 2);
        for (int i = 0; i < 6; i++) {
            f.engine.submit(Fixture.training("ns/j" + i, 1, 8));
        }
        assertEquals(expected, Fixture.only(f.step(), Decision.Bind.class).size());
    }

    @Test
    @DisplayName("a hall's cooling limits placement even when its feed has room")
    void coolingLimitsPlacement() {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), 10_000)
            .hall("a", 1000, 13, 1.2, 2, 100, 0).nodes("a", 2, 2);
        for (int i = 0; i < 4; i++) {
            f.engine.submit(Fixture.training("ns/j" + i, 1, 8));
        }
        assertEquals(2, Fixture.only(f.step(), Decision.Bind.class).size());
        f.engine.updateAmbient("a", 45); // 20 C over rated at 2%/C: 60% of 13 kW = 7.8 kW: one pod is too many
        List<Decision> d = f.step();
        assertEquals(1, Fixture.only(d, Decision.Preempt.class).size());
        assertTrue(f.hall("a").heatKw() <= f.hall("a").coolingKw() + 1e-9);
    }

    @Test
    @DisplayName("a node whose telemetry goes stale counts at nameplate, and a hall that no longer fits sheds work")
    void staleTelemetryCountsAtNameplate() {
        VirtualClock clock = new VirtualClock(Fixture.T0);
        Engine e = new Engine(clock, Policy.defaults().withReserveFraction(0)
            .withTelemetryStaleAfter(java.time.Duration.ofSeconds(30)));
        e.upsertSite(new io.wattshift.engine.model.SiteSpec("site", 1000));
        e.upsertHall(new io.wattshift.engine.model.HallSpec("a", "site", 6, new io.wattshift.engine.model
            .CoolingSpec(100, 25, 0), 1.0, List.of(new io.wattshift.engine.model.RackSpec("r", 100)), null));
        io.wattshift.engine.model.GpuSpec gpu = new io.wattshift.engine.model.GpuSpec("H100", 80_000, 500, 200,
            700, 87);
        e.upsertNode(io.wattshift.engine.model.NodeSpec.uniform("n", "a", "r", 8, gpu, 800));
        e.submit(Fixture.training("ns/j", 1, 8));
        assertEquals(0, Fixture.only(e.step(), Decision.Bind.class).size(), "never reported: nameplate 6.4 kW");
        e.updateTelemetry(new io.wattshift.engine.model.NodeTelemetry("n", clock.instant(), List.of()));
        List<Decision.Bind> binds = Fixture.only(e.step(), Decision.Bind.class);
        assertEquals(8 * 500 + 800, binds.get(0).committedW(), 1e-9, "fresh: its enforced 500 W limit");
        clock.advance(java.time.Duration.ofSeconds(31));
        List<Decision> d = e.step();
        assertEquals(List.of("ns/j"), Fixture.only(d, Decision.Preempt.class).get(0).victims(),
            "stale: counted at 6.4 kW, over the 6 kW feed");
    }

    @Test
    @DisplayName("a new leader adopts pods already bound: their power is on the books and the rest of the job is placed")
    void adoptedPodsAreCounted() {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), 10_000)
            .hall("a", 1000, 1000, 1.2, 1, 100, 0).nodes("a", 1, 2);
        f.engine.submit(io.wattshift.engine.model.JobSpec.inference("ns/llm", "t", 2, 8, 1, Fixture.T0));
        assertEquals(6400.0, f.engine.adoptBound("ns/llm", 0, "a-r0-n1").orElseThrow(), 1e-9);
        assertTrue(f.engine.adoptBound("ns/llm", 0, "a-r0-n1").isEmpty(), "already holds its GPUs");
        assertTrue(f.engine.adoptBound("ns/llm", 1, "nowhere").isEmpty());
        assertEquals(6.4 * 1.2, f.hall("a").aiKw(), 1e-9);
        List<Decision.Bind> binds = Fixture.only(f.step(), Decision.Bind.class);
        assertEquals(1, binds.size());
        assertEquals(1, binds.get(0).pod());
        assertEquals("a-r0-n0", binds.get(0).node());
    }
}
