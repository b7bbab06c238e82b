package io.wattshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.Topology;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GangTest {

    static Stream<Arguments> gangs() {
        // two halls of 2 racks x 2 nodes (8 GPUs each); workers x gpus, topology, expected binds
        return Stream.of(
            Arguments.of(8, 8, Topology.ANY, 8),
            Arguments.of(9, 8, Topology.ANY, 0),
            Arguments.of(4, 8, Topology.SAME_HALL, 4),
            Arguments.of(5, 8, Topology.SAME_HALL, 0),
            Arguments.of(2, 8, Topology.SAME_RACK, 2),
            Arguments.of(3, 8, Topology.SAME_RACK, 0),
            Arguments.of(4, 4, Topology.SAME_RACK, 4));
    }

    @ParameterizedTest(name = "{0} workers x {1} GPUs, {2}: {3} pods bind")
    @MethodSource("gangs")
    void aGangBindsWhollyOrNotAtAll(int workers, int gpus, Topology topology, int expected) {
        Fixture f = new Fixture(Policy.defaults(), 10_000)
            .hall("a", 1000, 1000, 1.1, 2, 100, 0).nodes("a", 2, 2)
            .hall("b", 1000, 1000, 1.1, 2, 100, 0).nodes("b", 2, 2);
        f.engine.submit(Fixture.training("ns/g", workers, gpus).withTopology(topology));
        List<Decision> d = f.step();
        assertEquals(expected, Fixture.only(d, Decision.Bind.class).size());
        if (expected == 0) {
            assertEquals(1, Fixture.only(d, Decision.Unschedulable.class).size());
            assertEquals(64, f.hall("a").freeGpus() + f.hall("b").freeGpus());
        }
    }

    @Test
    @DisplayName("a failed bind gives the whole gang back and retries it after the backoff")
    void aFailedBindGivesTheGangBack() {
        Fixture f = new Fixture(Policy.defaults(), 10_000).hall("a", 1000, 1000, 1.1, 2, 100, 0).nodes("a", 2, 2);
        f.engine.submit(Fixture.training("ns/g", 3, 8));
        List<Decision.Bind> binds = Fixture.only(f.step(), Decision.Bind.class);
        assertEquals(3, binds.size());
        f.engine.confirmBound("ns/g", 0);
        f.engine.bindFailed("ns/g", 1, "node gone");
        assertEquals(32, f.hall("a").freeGpus());
        assertEquals(0, Fixture.only(f.step(), Decision.Bind.class).size(), "still in backoff");
        f.clock.advance(java.time.Duration.ofSeconds(11));
        assertEquals(3, Fixture.only(f.step(), Decision.Bind.class).size());
    }

    @Test
    @DisplayName("a training gang that loses a node restarts whole")
    void aGangThatLosesANodeRestartsWhole() {
        Fixture f = new Fixture(Policy.defaults(), 10_000).hall("a", 1000, 1000, 1.1, 2, 100, 0).nodes("a", 2, 2);
        f.engine.submit(Fixture.training("ns/g", 2, 8));
        List<Decision.Bind> binds = Fixture.only(f.stepAndConfirm(), Decision.Bind.class);
        f.engine.removeNode(binds.get(0).node());
        List<Decision> d = f.step();
        List<Decision.Preempt> pre = Fixture.only(d, Decision.Preempt.class);
        assertEquals(1, pre.size());
        assertEquals(List.of("ns/g"), pre.get(0).victims());
        assertEquals(0, Fixture.only(d, Decision.Bind.class).size(), "the survivor still holds its node");
        f.engine.podFinished("ns/g", binds.get(1).pod());
        assertEquals(2, Fixture.only(f.step(), Decision.Bind.class).size());
    }

    @Test
    @DisplayName("inference binds minAvailable replicas together and adds the rest as they fit")
    void inferenceBindsMinAvailableThenTheRest() {
        Fixture f = new Fixture(Policy.defaults(), 10_000).hall("a", 1000, 1000, 1.1, 1, 100, 0).nodes("a", 1, 2);
        f.engine.submit(Fixture.training("ns/big", 1, 8));
        f.stepAndConfirm();
        f.engine.submit(JobSpec.inference("ns/llm", "t", 4, 4, 2, Fixture.T0));
        assertEquals(2, Fixture.only(f.stepAndConfirm(), Decision.Bind.class).size());
        f.engine.removeJob("ns/big");
        assertEquals(2, Fixture.only(f.stepAndConfirm(), Decision.Bind.class).size());
        assertTrue(f.engine.job("ns/llm").orElseThrow().pendingPods() == 0);
    }

    @Test
    @DisplayName("a gang the greedy packing strands on a costly node is placed where its pods commit least")
    void aGangIsRepackedOntoTheNodesWhereItsPodsCommitLeast() {
        // 7 kW for AI; a 4-GPU node with 2 kW of host overhead (a 4-GPU pod there: 4.8 kW) and an 8-GPU node
        // with 800 W (a 4-GPU pod: 3.2 kW). Fullest-first puts the first pod on the small node and has 2.2 kW
        // left for the second; both on the big node take 6.4 kW.
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), 10_000)
            .hall("a", 7, 1000, 1.0, 1, 100, 0).nodes("a", 1, 1);
        f.engine.upsertNode(io.wattshift.engine.model.NodeSpec.uniform("a-small", "a", "a-r0", 4,
            io.wattshift.engine.model.GpuSpec.h100(), 2000));
        List<io.wattshift.engine.model.GpuReading> gpus = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            gpus.add(new io.wattshift.engine.model.GpuReading(i, 0, 700, 40));
        }
        f.engine.updateTelemetry(new io.wattshift.engine.model.NodeTelemetry("a-small", Fixture.T0, gpus));
        f.engine.submit(Fixture.training("ns/g", 2, 4));
        List<Decision.Bind> binds = Fixture.only(f.step(), Decision.Bind.class);
        assertEquals(2, binds.size(), "both pods bind");
        assertTrue(binds.stream().allMatch(b -> b.node().equals("a-r0-n0")), binds.toString());
        assertEquals(6.4, f.hall("a").aiKw(), 1e-9);
    }

    @Test
    @DisplayName("when the interconnect is what is short, a gang is re-packed into the hall with less cooling overhead")
    void aGangIsRepackedWhereItDrawsLeastAtTheFeed() {
        // 14 kW site. Hall "hot" (overhead 1.5, smaller feed, so binpack tries it first): an 8-GPU pod draws
        // 6.4 x 1.5 = 9.6 kW there, leaving 4.4 kW for the second. Hall "cool" (overhead 1.0): 6.4 kW each.
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), 14)
            .hall("hot", 20, 1000, 1.5, 1, 100, 0).nodes("hot", 1, 1)
            .hall("cool", 1000, 1000, 1.0, 1, 100, 0).nodes("cool", 1, 2);
        f.engine.submit(Fixture.training("ns/g", 2, 8));
        List<Decision.Bind> binds = Fixture.only(f.step(), Decision.Bind.class);
        assertEquals(2, binds.size(), "both pods bind");
        assertTrue(binds.stream().allMatch(b -> b.node().startsWith("cool-")), binds.toString());
    }
}
