package io.wattshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.engine.model.GpuSpec;
import io.wattshift.engine.model.NodeFacts;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.PodRequirements;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.Resources;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kube-scheduler's NodeResourcesFit cases (kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/noderesources/fit_test.go, TestEnoughRequests) as data, run through the engine:
 * the node allocates 10m CPU, 20 B memory, 32 pods, 5 example.com/aaa, 20 B ephemeral storage; the existing pod
 * of each case is another scheduler's ({@link NodeFacts#foreignRequests()}); the pod's request is
 * {@link Resources#podRequest} of its containers, init containers and overhead. Expected: bound, or
 * unschedulable naming the resources kube-scheduler reports as insufficient.
 */
class NodeResourcesFitCasesTest {
    private static final String A = "example.com/aaa";
    private static final String B = "example.com/bbb";
    private static final Resources ALLOCATABLE = Resources.of("cpu", 10, "memory", 20, "pods", 32, A, 5,
        "ephemeral-storage", 20);

    static Stream<Arguments> cases() {
        return Stream.of(
            c("no resources requested always fits", List.of(), List.of(), null, r(10, 20), List.of()),
            c("too many resources fails", List.of(r(1, 1)), List.of(), null, r(10, 20), List.of("cpu", "memory")),
            c("too many resources fails due to init container cpu", List.of(r(1, 1)), List.of(r(3, 1)), null,
                r(8, 19), List.of("cpu")),
            c("too many resources fails due to highest init container cpu", List.of(r(1, 1)),
                List.of(r(3, 1), r(2, 1)), null, r(8, 19), List.of("cpu")),
            c("too many resources fails due to init container memory", List.of(r(1, 1)), List.of(r(1, 3)), null,
                r(9, 19), List.of("memory")),
            c("too many resources fails due to highest init container memory", List.of(r(1, 1)),
                List.of(r(1, 3), r(1, 2)), null, r(9, 19), List.of("memory")),
            c("init container fits because it's the max, not sum, of containers and init containers",
                List.of(r(1, 1)), List.of(r(1, 1)), null, r(9, 19), List.of()),
            c("multiple init containers fit because it's the max, not sum", List.of(r(1, 1)),
                List.of(r(1, 1), r(1, 1)), null, r(9, 19), List.of()),
            c("both resources fit", List.of(r(1, 1)), List.of(), null, r(5, 5), List.of()),
            c("one resource memory fits", List.of(r(2, 1)), List.of(), null, r(9, 5), List.of("cpu")),
            c("one resource cpu fits", List.of(r(1, 2)), List.of(), null, r(5, 19), List.of("memory")),
            c("equal edge case", List.of(r(5, 1)), List.of(), null, r(5, 19), List.of()),
            c("equal edge case for init container", List.of(r(4, 1)), List.of(r(5, 1)), null, r(5, 19), List.of()),
            c("extended resource fits", List.of(Resources.of(A, 1)), List.of(), null, r(0, 0), List.of()),
            c("extended resource fits for init container", List.of(), List.of(Resources.of(A, 1)), null, r(0, 0),
                List.of()),
            c("extended resource capacity enforced", List.of(Resources.of("cpu", 1, "memory", 1, A, 10)), List.of(),
                null, r(0, 0), List.of(A)),
            c("extended resource capacity enforced for init container", List.of(),
                List.of(Resources.of("cpu", 1, "memory", 1, A, 10)), null, r(0, 0), List.of(A)),
            c("extended resource allocatable enforced", List.of(Resources.of("cpu", 1, "memory", 1, A, 1)),
                List.of(), null, Resources.of(A, 5), List.of(A)),
            c("extended resource allocatable enforced for multiple containers",
                List.of(Resources.of("cpu", 1, "memory", 1, A, 3), Resources.of("cpu", 1, "memory", 1, A, 3)),
                List.of(), null, Resources.of(A, 2), List.of(A)),
            c("extended resource allocatable admits multiple init containers", List.of(),
                List.of(Resources.of("cpu", 1, "memory", 1, A, 3), Resources.of("cpu", 1, "memory", 1, A, 3)), null,
                Resources.of(A, 2), List.of()),
            c("extended resource allocatable enforced for multiple init containers", List.of(),
                List.of(Resources.of("cpu", 1, "memory", 1, A, 6), Resources.of("cpu", 1, "memory", 1, A, 3)), null,
                Resources.of(A, 2), List.of(A)),
            c("extended resource allocatable enforced for unknown resource",
                List.of(Resources.of("cpu", 1, "memory", 1, B, 1)), List.of(), null, r(0, 0), List.of(B)),
            c("resources + pod overhead fits", List.of(r(1, 1)), List.of(), r(3, 13), r(5, 5), List.of()),
            c("requests + overhead does not fit for memory", List.of(r(1, 1)), List.of(), r(1, 15), r(5, 5),
                List.of("memory")),
            c("ephemeral storage over what is allocatable", List.of(Resources.of("ephemeral-storage", 25)),
                List.of(), null, r(0, 0), List.of("ephemeral-storage")),
            c("ephemeral storage fits", List.of(Resources.of("ephemeral-storage", 10)), List.of(), null, r(0, 0),
                List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fitsAsKubeSchedulerDoes(String name, List<Resources> containers, List<Resources> init, Resources overhead,
                                 Resources existing, List<String> insufficient) {
        Fixture f = new Fixture(Policy.defaults(), 10_000).hall("h", 2000, 5000, 1.1, 1, 100, 0);
        NodeFacts facts = NodeFacts.NONE.withAllocatable(ALLOCATABLE)
            .withForeign(existing.plus(Resources.of("pods", 1)), 0);
        f.engine.upsertNode(NodeSpec.uniform("n", "h", "h-r0", 8, GpuSpec.h100(), 800).withFacts(facts));
        f.telemetry("n", 40);
        Resources request = Resources.podRequest(containers, init, overhead);
        f.engine.submit(Fixture.training("ns/p", 1, 1).withRequirements(PodRequirements.NONE.withRequests(request)));
        List<Decision> d = f.step();
        if (insufficient.isEmpty()) {
            assertEquals(1, Fixture.only(d, Decision.Bind.class).size(), d.toString());
            return;
        }
        assertEquals(0, Fixture.only(d, Decision.Bind.class).size(), d.toString());
        String message = Fixture.only(d, Decision.Unschedulable.class).get(0).message();
        assertEquals("h: none of 1 nodes have the requested " + String.join(", ", insufficient) + " free", message);
    }

    private static Resources r(long milliCpu, long memory) {
        return Resources.of("cpu", milliCpu, "memory", memory);
    }

    private static Arguments c(String name, List<Resources> containers, List<Resources> init, Resources overhead,
                               Resources existing, List<String> insufficient) {
        assertTrue(insufficient.stream().sorted().toList().equals(insufficient), "list sorted by name: " + name);
        return Arguments.of(name, containers, init, overhead, existing, insufficient);
    }
}
