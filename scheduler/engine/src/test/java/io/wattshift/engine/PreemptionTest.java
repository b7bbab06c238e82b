package io.wattshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.Policy;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PreemptionTest {

    /** One hall of 4 nodes, all taken by the given running jobs (each one node, 8 GPUs). */
    private static Fixture full(int[] priorities, boolean[] preemptible) {
        Fixture f = new Fixture(Policy.defaults(), 10_000).hall("a", 1000, 1000, 1.1, 1, 100, 0).nodes("a", 1, 4);
        for (int i = 0; i < priorities.length; i++) {
            f.engine.submit(Fixture.training("ns/run" + i, 1, 8).withPriority(priorities[i], preemptible[i]));
        }
        f.stepAndConfirm();
        return f;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            // running priorities, preemptible, new job priority, nodes it needs, expected victims
            Arguments.of(new int[]{0, 0, 0, 0}, new boolean[]{true, true, true, true}, 10, 1, 1),
            Arguments.of(new int[]{0, 0, 0, 0}, new boolean[]{true, true, true, true}, 10, 3, 3),
            Arguments.of(new int[]{0, 0, 0, 0}, new boolean[]{false, false, false, false}, 10, 1, 0),
            Arguments.of(new int[]{10, 10, 10, 10}, new boolean[]{true, true, true, true}, 10, 1, 0),
            Arguments.of(new int[]{5, 0, 5, 5}, new boolean[]{true, true, true, true}, 10, 1, 1));
    }

    @ParameterizedTest(name = "running {0} preemptible {1}; a priority {2} job of {3} nodes preempts {4}")
    @MethodSource("cases")
    void onlyLowerPriorityPreemptibleWorkIsPreemptedAndAsLittleAsPossible(int[] prios, boolean[] pre, int prio,
                                                                          int nodes, int victims) {
        Fixture f = full(prios, pre);
        f.engine.submit(Fixture.training("ns/urgent", nodes, 8).withPriority(prio, false));
        List<Decision> d = f.step();
        List<Decision.Preempt> p = Fixture.only(d, Decision.Preempt.class);
        assertEquals(0, Fixture.only(d, Decision.Bind.class).size(), "victims still hold their power");
        if (victims == 0) {
            assertTrue(p.isEmpty());
            assertEquals(1, Fixture.only(d, Decision.Unschedulable.class).size());
            return;
        }
        assertEquals(1, p.size());
        assertEquals(victims, p.get(0).victims().size());
        assertEquals("ns/urgent", p.get(0).forJob());
        for (String v : p.get(0).victims()) {
            int i = Integer.parseInt(v.substring("ns/run".length()));
            assertTrue(pre[i] && prios[i] < prio);
        }
        for (String v : p.get(0).victims()) {
            f.engine.podFinished(v, 0);
        }
        List<Decision.Bind> binds = Fixture.only(f.step(), Decision.Bind.class);
        assertEquals(nodes, binds.stream().filter(b -> b.job().equals("ns/urgent")).count());
    }

    @Test
    @DisplayName("the lowest-priority victim is chosen first")
    void theLowestPriorityVictimIsChosen() {
        Fixture f = full(new int[]{3, 1, 2, 4}, new boolean[]{true, true, true, true});
        f.engine.submit(Fixture.training("ns/urgent", 1, 8).withPriority(9, false));
        List<Decision.Preempt> p = Fixture.only(f.step(), Decision.Preempt.class);
        assertEquals(List.of("ns/run1"), p.get(0).victims());
    }

    @Test
    @DisplayName("a preempted job queues again once drained and runs when room returns")
    void aPreemptedJobQueuesAgain() {
        Fixture f = full(new int[]{0, 0, 0, 0}, new boolean[]{true, true, true, true});
        f.engine.submit(JobSpec.training("ns/urgent", "t", 1, 8, Fixture.T0).withPriority(9, false));
        String victim = Fixture.only(f.step(), Decision.Preempt.class).get(0).victims().get(0);
        f.engine.podFinished(victim, 0);
        f.stepAndConfirm();
        f.engine.removeJob("ns/urgent");
        List<Decision.Bind> again = Fixture.only(f.step(), Decision.Bind.class);
        assertEquals(Set.of(victim), Set.copyOf(again.stream().map(Decision.Bind::job).toList()));
    }
}
