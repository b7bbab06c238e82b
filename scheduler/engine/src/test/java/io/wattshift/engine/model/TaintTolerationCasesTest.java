package io.wattshift.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kube-scheduler's TaintToleration cases (kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go: TestTaintTolerationFilter and
 * TestTaintTolerationScore, the cases of the GA operators Equal and Exists) as data, against our
 * {@link PodRequirements#untoleratedBlocking} and {@link PodRequirements#untoleratedPreferred}.
 */
class TaintTolerationCasesTest {
    private static final TaintEffect NS = TaintEffect.NO_SCHEDULE;
    private static final TaintEffect PREFER = TaintEffect.PREFER_NO_SCHEDULE;

    static Stream<Arguments> filterCases() {
        return Stream.of(
            f("no tolerations, a NoSchedule taint", List.of(), List.of(taint("dedicated", "user1", NS)), false),
            f("tolerates the dedicated node of user1", List.of(Toleration.equal("dedicated", "user1", NS)),
                List.of(taint("dedicated", "user1", NS)), true),
            f("does not tolerate user1's dedicated node with user2's toleration",
                List.of(Toleration.equal("dedicated", "user2", NS)), List.of(taint("dedicated", "user1", NS)), false),
            f("Exists tolerates the key whatever its value", List.of(Toleration.exists("foo", NS)),
                List.of(taint("foo", "bar", NS)), true),
            f("several tolerations, several taints, all tolerated",
                List.of(Toleration.equal("dedicated", "user2", NS), Toleration.exists("foo", NS)),
                List.of(taint("dedicated", "user2", NS), taint("foo", "bar", NS)), true),
            f("key and value match but the (non-empty) effect does not",
                List.of(Toleration.equal("foo", "bar", PREFER)), List.of(taint("foo", "bar", NS)), false),
            f("key and value match, the toleration names no effect",
                List.of(Toleration.equal("foo", "bar", null)), List.of(taint("foo", "bar", NS)), true),
            f("an untolerated PreferNoSchedule taint does not filter",
                List.of(Toleration.equal("dedicated", "user2", NS)), List.of(taint("dedicated", "user1", PREFER)),
                true),
            f("no tolerations, a PreferNoSchedule taint", List.of(), List.of(taint("dedicated", "user1", PREFER)),
                true),
            // beyond the upstream table: NoExecute filters too, and an empty-key Exists tolerates everything
            f("an untolerated NoExecute taint filters", List.of(Toleration.exists("foo", NS)),
                List.of(taint("foo", "bar", TaintEffect.NO_EXECUTE)), false),
            f("an empty-key Exists with no effect tolerates every taint", List.of(Toleration.exists("", null)),
                List.of(taint("a", "1", NS), taint("b", "", TaintEffect.NO_EXECUTE)), true),
            f("no taints", List.of(), List.of(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filtersAsKubeSchedulerDoes(String name, List<Toleration> tolerations, List<Taint> taints, boolean fits) {
        PodRequirements pod = PodRequirements.NONE.withTolerations(tolerations);
        assertEquals(fits, pod.untoleratedBlocking(taints) == null);
    }

    static Stream<Arguments> scoreCases() {
        Taint cpu = taint("cpu-type", "arm64", PREFER);
        Taint disk = taint("disk-type", "ssd", PREFER);
        return Stream.of(
            s("a node whose taints are tolerated scores higher than one with an intolerable taint",
                List.of(Toleration.equal("foo", "bar", PREFER)),
                List.of(List.of(taint("foo", "bar", PREFER)), List.of(taint("foo", "blah", PREFER))),
                List.of(100L, 0L)),
            s("how many taints are tolerated does not matter",
                List.of(Toleration.equal("cpu-type", "arm64", PREFER), Toleration.equal("disk-type", "ssd", PREFER)),
                List.of(List.of(), List.of(cpu), List.of(cpu, disk)), List.of(100L, 100L, 100L)),
            s("the more intolerable taints, the lower the score", List.of(Toleration.equal("foo", "bar", PREFER)),
                List.of(List.of(), List.of(cpu), List.of(cpu, disk)), List.of(100L, 50L, 0L)),
            s("only PreferNoSchedule taints and tolerations count",
                List.of(Toleration.equal("cpu-type", "arm64", NS), Toleration.equal("disk-type", "ssd", NS)),
                List.of(List.of(), List.of(taint("cpu-type", "arm64", NS)), List.of(cpu, disk)),
                List.of(100L, 100L, 0L)),
            s("no tolerations: the untainted node wins", List.of(), List.of(List.of(), List.of(cpu)),
                List.of(100L, 0L)));
    }

    /**
     * Our score is the count of untolerated PreferNoSchedule taints (a penalty); kube-scheduler's normalised score
     * is 100 x (1 - count / the largest count among the nodes), 100 for all when no node has any.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scoreCases")
    void scoresAsKubeSchedulerDoes(String name, List<Toleration> tolerations, List<List<Taint>> nodes,
                                   List<Long> kubeScores) {
        PodRequirements pod = PodRequirements.NONE.withTolerations(tolerations);
        List<Integer> counts = nodes.stream().map(pod::untoleratedPreferred).toList();
        int max = counts.stream().mapToInt(Integer::intValue).max().orElse(0);
        List<Long> normalised = new ArrayList<>();
        for (int c : counts) {
            normalised.add(max == 0 ? 100L : 100L - 100L * c / max);
        }
        assertEquals(kubeScores, normalised);
    }

    private static Taint taint(String key, String value, TaintEffect effect) {
        return new Taint(key, value, effect);
    }

    private static Arguments f(String name, List<Toleration> tolerations, List<Taint> taints, boolean fits) {
        return Arguments.of(name, tolerations, taints, fits);
    }

    private static Arguments s(String name, List<Toleration> tolerations, List<List<Taint>> nodes,
                               List<Long> kubeScores) {
        return Arguments.of(name, tolerations, nodes, kubeScores);
    }
}
