package io.wattshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.engine.constraints.TaintToleration;
import io.wattshift.engine.model.CappingMode;
import io.wattshift.engine.model.GpuSpec;
import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.NodeFacts;
import io.wattshift.engine.model.NodeSelectorRequirement;
import io.wattshift.engine.model.NodeSelectorTerm;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.PodRequirements;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.Resources;
import io.wattshift.engine.model.Taint;
import io.wattshift.engine.model.TaintEffect;
import io.wattshift.engine.model.Toleration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a real cluster holds besides GPUs and power: labels, taints, allocatable resources, other schedulers'
 * pods, CPU-only pods and the GPUs' own cap range, through the engine as an adapter drives it.
 */
class FidelityTest {
    private static final Taint MAINTENANCE = new Taint("maintenance", "true", TaintEffect.NO_SCHEDULE);

    /** Hall "h" (2 MW, overhead 1.1, one 100 kW rack) and no nodes yet. */
    private static Fixture hall() {
        return new Fixture(Policy.defaults().withReserveFraction(0), 10_000).hall("h", 2000, 5000, 1.1, 1, 100, 0);
    }

    private static void node(Fixture f, String name, NodeFacts facts) {
        f.engine.upsertNode(NodeSpec.uniform(name, "h", "h-r0", 8, GpuSpec.h100(), 800).withFacts(facts));
        f.telemetry(name, 40);
    }

    private static List<String> boundNodes(List<Decision> d) {
        return Fixture.only(d, Decision.Bind.class).stream().map(Decision.Bind::node).toList();
    }

    private static JobSpec job(String key, int gpus, PodRequirements r) {
        return JobSpec.training(key, "t", 1, gpus, Fixture.T0).withRequirements(r);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TaintEffect.class, names = {"NO_SCHEDULE", "NO_EXECUTE"})
    @DisplayName("a node tainted NoSchedule or NoExecute gets only pods that tolerate the taint")
    void aTaintedNodeGetsOnlyToleratingPods(TaintEffect effect) {
        Fixture f = hall();
        Taint taint = new Taint("maintenance", "true", effect);
        node(f, "tainted", NodeFacts.NONE.withTaints(List.of(taint)));
        node(f, "clean", NodeFacts.NONE);
        f.engine.submit(job("ns/a", 8, PodRequirements.NONE));
        f.engine.submit(job("ns/b", 8, PodRequirements.NONE));
        List<Decision> d = f.stepAndConfirm();
        assertEquals(List.of("clean"), boundNodes(d));
        assertEquals("h: needs 8 GPUs on nodes that have no taint the pod does not tolerate (" + taint
            + " is not tolerated), 0 free on the 1 of 2 that do",
            Fixture.only(d, Decision.Unschedulable.class).get(0).message());
        f.engine.submit(job("ns/c", 8, PodRequirements.NONE.withTolerations(
            List.of(Toleration.exists("maintenance", null)))));
        assertEquals(List.of("tainted"), boundNodes(f.step()));
    }

    @Test
    @DisplayName("jobs that differ only in their tolerations are not answered from one another's failure")
    void theFailureMemoKeysOnTolerations() {
        Fixture f = hall();
        node(f, "tainted", NodeFacts.NONE.withTaints(List.of(MAINTENANCE)));
        f.engine.submit(job("ns/plain", 8, PodRequirements.NONE));
        f.engine.submit(job("ns/tolerant", 8,
            PodRequirements.NONE.withTolerations(List.of(Toleration.equal("maintenance", "true", null)))));
        List<Decision> d = f.step();
        assertEquals(List.of("tainted"), boundNodes(d));
        assertEquals("h: none of 1 nodes have no taint the pod does not tolerate (maintenance=true:NoSchedule is "
            + "not tolerated)", Fixture.only(d, Decision.Unschedulable.class).get(0).message());
    }

    @Test
    @DisplayName("PreferNoSchedule steers a pod to an untainted node while one has room, and does not refuse it")
    void preferNoScheduleIsAScore() {
        Fixture f = hall();
        Taint prefer = new Taint("spot", "", TaintEffect.PREFER_NO_SCHEDULE);
        node(f, "preferred-not", NodeFacts.NONE.withTaints(List.of(prefer)));
        node(f, "clean", NodeFacts.NONE);
        f.engine.submit(job("ns/a", 8, PodRequirements.NONE));
        assertEquals(List.of("clean"), boundNodes(f.stepAndConfirm()), "binpack alone would take the first node");
        f.engine.submit(job("ns/b", 8, PodRequirements.NONE));
        assertEquals(List.of("preferred-not"), boundNodes(f.step()));
        assertTrue(TaintToleration.PREFER_PENALTY > 20, "more than two hot GPUs");
    }

    @Test
    @DisplayName("nodeSelector and required node affinity choose the node; none matching is the reason")
    void selectorAndAffinityChooseTheNode() {
        Fixture f = hall();
        node(f, "a100", NodeFacts.NONE.withLabels(Map.of("gpu", "a100", "rev", "3")));
        node(f, "h100", NodeFacts.NONE.withLabels(Map.of("gpu", "h100", "rev", "7")));
        f.engine.submit(job("ns/sel", 1, PodRequirements.NONE.withNodeSelector(Map.of("gpu", "h100"))));
        f.engine.submit(job("ns/aff", 1, PodRequirements.NONE.withRequiredAffinity(List.of(NodeSelectorTerm.of(
            NodeSelectorRequirement.of("rev", NodeSelectorRequirement.Operator.LT, "5"))))));
        f.engine.submit(job("ns/none", 1, PodRequirements.NONE.withNodeSelector(Map.of("gpu", "b200"))));
        List<Decision> d = f.step();
        assertEquals(List.of("h100", "a100"), boundNodes(d));
        assertEquals("h: none of 2 nodes match the pod's node selector or affinity",
            Fixture.only(d, Decision.Unschedulable.class).get(0).message());
    }

    @Test
    @DisplayName("CPU and memory requests count against allocatable less other pods' and our pods' requests, "
        + "and come back when our pod finishes")
    void requestsCountAgainstAllocatable() {
        Fixture f = hall();
        Resources allocatable = Resources.of("cpu", 64_000, "memory", 512L << 30, "pods", 110);
        node(f, "n", NodeFacts.NONE.withAllocatable(allocatable).withForeign(Resources.of("cpu", 16_000, "pods", 5),
            0));
        PodRequirements big = PodRequirements.NONE.withRequests(Resources.of("cpu", 30_000, "memory", 100L << 30));
        f.engine.submit(job("ns/a", 1, big));
        f.engine.submit(job("ns/b", 1, big));
        List<Decision> d = f.stepAndConfirm();
        assertEquals(List.of("n"), boundNodes(d), "64 - 16 foreign - 30 = 18 cores left, 30 asked");
        assertEquals("h: none of 1 nodes have the requested cpu free",
            Fixture.only(d, Decision.Unschedulable.class).get(0).message());
        f.engine.removeJob("ns/a");
        assertEquals(List.of("n"), boundNodes(f.step()), "the finished pod's 30 cores are free again");
    }

    @Test
    @DisplayName("the node's pod count is a limit, other schedulers' pods included")
    void thePodCountIsALimit() {
        Fixture f = hall();
        node(f, "n", NodeFacts.NONE.withAllocatable(Resources.of("cpu", 64_000, "pods", 7))
            .withForeign(Resources.of("pods", 5), 0));
        for (int i = 0; i < 3; i++) {
            f.engine.submit(JobSpec.training("ns/j" + i, "t", 1, 1, Fixture.T0.plusSeconds(i)));
        }
        List<Decision> d = f.step();
        assertEquals(2, boundNodes(d).size());
        assertEquals("h: none of 1 nodes have room for another pod",
            Fixture.only(d, Decision.Unschedulable.class).get(0).message());
    }

    @Test
    @DisplayName("GPUs other schedulers' pods hold are not free and their power is booked; facts change in place")
    void foreignGpusAreHeldAndBooked() {
        Fixture f = hall();
        node(f, "n", NodeFacts.NONE.withForeign(Resources.of("pods", 1), 6));
        // 6 x 700 W nameplate + 6/8 of 800 W host = 4.8 kW IT, 5.28 kW at the feed
        assertEquals(5.28, f.hall("h").aiKw(), 1e-9);
        f.engine.submit(job("ns/two", 2, PodRequirements.NONE));
        f.engine.submit(job("ns/four", 4, PodRequirements.NONE));
        List<Decision> d = f.stepAndConfirm();
        assertEquals(List.of("n"), boundNodes(d));
        assertEquals(List.of(0, 1), Fixture.only(d, Decision.Bind.class).get(0).gpus(), "the free GPUs");
        assertEquals("h: needs 4 GPUs, 0 free of 8", Fixture.only(d, Decision.Unschedulable.class).get(0).message());
        // the foreign pods end: same node, new facts; our pod stays, its GPUs stay its own
        f.engine.upsertNode(NodeSpec.uniform("n", "h", "h-r0", 8, GpuSpec.h100(), 800));
        d = f.step();
        assertEquals(List.of("n"), boundNodes(d), "the 4-GPU job fits on the GPUs the foreign pods left");
        assertEquals(List.of(2, 3, 4, 5), Fixture.only(d, Decision.Bind.class).get(0).gpus());
        assertEquals(0, Fixture.only(d, Decision.Preempt.class).size(), "nothing of ours was lost");
        assertEquals((2 * 700 + 200 + 4 * 700 + 400) * 1.1 / 1000, f.hall("h").aiKw(), 1e-9);
    }

    @Test
    @DisplayName("other schedulers' power arriving over a limit sheds our work, not theirs")
    void foreignPowerOverALimitShedsOurs() {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), 10_000).hall("h", 10, 5000, 1.1, 1, 100, 0);
        node(f, "n", NodeFacts.NONE);
        f.engine.submit(job("ns/ours", 4, PodRequirements.NONE.withTolerations(List.of())));
        assertEquals(1, boundNodes(f.stepAndConfirm()).size()); // 3.2 kW IT, 3.52 kW at the feed
        f.engine.upsertNode(NodeSpec.uniform("n", "h", "h-r0", 8, GpuSpec.h100(), 800)
            .withFacts(NodeFacts.NONE.withForeign(Resources.NONE, 4))); // 3.52 kW more: 7.04 kW of 10
        assertEquals(0, Fixture.only(f.step(), Decision.Preempt.class).size(), "still under the feed");
        f.engine.upsertNode(NodeSpec.uniform("n", "h", "h-r0", 8, GpuSpec.h100(), 800).withFacts(NodeFacts.NONE
            .withLabels(Map.of("x", "y")).withForeign(Resources.NONE, 4)));
        assertEquals(0, Fixture.only(f.step(), Decision.Preempt.class).size(), "a label change alone sheds nothing");
        NodeSpec eight = NodeSpec.uniform("n", "h", "h-r0", 8, GpuSpec.h100(), 800)
            .withFacts(NodeFacts.NONE.withForeign(Resources.NONE, 8)); // 4 more than are free: booked anyway
        f.engine.upsertNode(eight);
        List<Decision.Preempt> shed = Fixture.only(f.step(), Decision.Preempt.class);
        assertEquals(List.of("ns/ours"), shed.get(0).victims());
    }

    @Test
    @DisplayName("a node cannot say other pods hold more GPUs than it has")
    void foreignGpusBeyondTheNodeAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeSpec.uniform("n", "h",
            "r", 8, GpuSpec.h100(), 800).withFacts(NodeFacts.NONE.withForeign(Resources.NONE, 9)));
        assertEquals("node n: other pods hold 9 GPUs of 8", e.getMessage());
    }

    @Test
    @DisplayName("a CPU-only pod is placed by its requests and commits host power in proportion to its CPU")
    void aCpuOnlyPodCommitsHostPowerOnly() {
        Fixture f = hall();
        node(f, "n", NodeFacts.NONE.withAllocatable(Resources.of("cpu", 64_000, "memory", 512L << 30, "pods", 110)));
        f.engine.submit(job("ns/etl", 0, PodRequirements.NONE.withRequests(Resources.of("cpu", 8_000))));
        Decision.Bind b = Fixture.only(f.stepAndConfirm(), Decision.Bind.class).get(0);
        assertEquals(List.of(), b.gpus());
        assertEquals(100, b.committedW(), 1e-9, "800 W host x 8 / 64 cores");
        assertEquals(0.11, f.hall("h").aiKw(), 1e-9);
        f.engine.submit(job("ns/gpu", 8, PodRequirements.NONE));
        assertEquals(List.of("n"), boundNodes(f.step()), "it took no GPU");
    }

    @Test
    @DisplayName("a CPU-only pod on a node of unknown allocatable commits one GPU's share of the host")
    void aCpuOnlyPodWithoutFactsCommitsOneGpusShare() {
        Fixture f = hall();
        node(f, "n", NodeFacts.NONE);
        f.engine.submit(job("ns/etl", 0, PodRequirements.NONE));
        assertEquals(100, Fixture.only(f.step(), Decision.Bind.class).get(0).committedW(), 1e-9);
    }

    @Test
    @DisplayName("a cap below what a GPU accepts is set and booked at the GPU's own minimum")
    void capsAreBookedAtTheGpusOwnMinimum() {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0).withCapping(CappingMode.FIXED, 100), 10_000)
            .hall("h", 2000, 5000, 1.1, 1, 100, 0);
        f.engine.upsertNode(NodeSpec.uniform("h100", "h", "h-r0", 8, GpuSpec.h100(), 800));
        f.telemetry("h100", 40);
        f.engine.submit(job("ns/j", 1, PodRequirements.NONE));
        List<Decision> d = f.step();
        assertEquals(200, Fixture.only(d, Decision.SetPowerCap.class).get(0).watts(), 1e-9, "H100s refuse < 200 W");
        assertEquals(200 + 100, Fixture.only(d, Decision.Bind.class).get(0).committedW(), 1e-9);
    }

    @Test
    @DisplayName("a cap the GPU refused is booked at what it enforces, never asked again, and the limit restored "
        + "by capping others")
    void aRefusedCapIsBookedAtWhatTheGpuEnforces() {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0).withCapping(CappingMode.FIXED, 300), 10_000)
            .hall("h", 5, 5000, 1.1, 1, 100, 0);
        node(f, "n", NodeFacts.NONE);
        f.engine.submit(job("ns/a", 4, PodRequirements.NONE));
        f.engine.submit(job("ns/b", 4, PodRequirements.NONE));
        List<Decision> d = f.stepAndConfirm();
        assertEquals(2 * (4 * 300 + 400) * 1.1 / 1000, f.hall("h").aiKw(), 1e-9, "two pods at 300 W a GPU");
        List<Integer> refused = Fixture.only(d, Decision.Bind.class).get(0).gpus();
        for (int g : refused) {
            assertTrue(f.engine.capRefused("n", g, 700));
        }
        // a now draws 4 x 700 + 400 W: 5.28 kW at the feed of 5 kW; the other pod's GPUs give way
        d = f.step();
        assertTrue(f.hall("h").aiKw() <= 5 + 1e-9, "books " + f.hall("h").aiKw() + " kW after " + d);
        assertTrue(f.hall("h").aiKw() >= ((4 * 700 + 400) * 1.1) / 1000, "the refused GPUs are booked at 700 W");
        List<Decision.SetPowerCap> caps = Fixture.only(d, Decision.SetPowerCap.class);
        assertTrue(!caps.isEmpty() && caps.stream().noneMatch(c -> refused.contains(c.gpu())),
            "only the other pod's GPUs are capped: " + caps);
        assertTrue(caps.stream().allMatch(c -> c.watts() < 300 && c.watts() >= 200), caps.toString());
        assertEquals(0, Fixture.only(d, Decision.Preempt.class).size());
        // telemetry shows the refused GPUs at 300 W after all: the refusal is over, the pod is booked as asked
        List<io.wattshift.engine.model.GpuReading> readings = new java.util.ArrayList<>();
        for (int g = 0; g < 8; g++) {
            readings.add(new io.wattshift.engine.model.GpuReading(g, 100, 300, 40));
        }
        double before = f.hall("h").aiKw();
        f.clock.advance(java.time.Duration.ofSeconds(1));
        f.engine.updateTelemetry(new io.wattshift.engine.model.NodeTelemetry("n", f.clock.instant(), readings));
        assertEquals(before - 4 * 400 * 1.1 / 1000, f.hall("h").aiKw(), 1e-9);
        assertTrue(!f.engine.capRefused("nowhere", 0, 700) && !f.engine.capRefused("n", 8, 700), "unknown GPU");
        assertThrows(IllegalArgumentException.class, () -> f.engine.capRefused("n", 0, Double.NaN));
    }
}
