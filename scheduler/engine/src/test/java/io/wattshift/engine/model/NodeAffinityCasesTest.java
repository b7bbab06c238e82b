package io.wattshift.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wattshift.engine.model.NodeSelectorRequirement.Operator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kube-scheduler's NodeAffinity filter cases (kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go, TestNodeAffinity) as data, against our
 * {@link PodRequirements#matches}. The scheduler-config "added affinity" cases have no counterpart here.
 */
class NodeAffinityCasesTest {
    private static final String NAME = NodeSelectorTerm.NODE_NAME_FIELD;

    static Stream<Arguments> kubeCases() {
        return Stream.of(
            c("missing labels", Map.of("foo", "bar"), null, "", Map.of(), false),
            c("same labels", Map.of("foo", "bar"), null, "", Map.of("foo", "bar"), true),
            c("node labels are superset", Map.of("foo", "bar"), null, "", Map.of("foo", "bar", "baz", "blah"), true),
            c("node labels are subset", Map.of("foo", "bar", "baz", "blah"), null, "", Map.of("foo", "bar"), false),
            c("matchExpressions In matches", Map.of(), List.of(t(r("foo", Operator.IN, "bar", "value2"))), "",
                Map.of("foo", "bar"), true),
            c("matchExpressions Gt matches", Map.of(), List.of(t(r("kernel-version", Operator.GT, "0204"))), "",
                Map.of("kernel-version", "0206"), true),
            c("matchExpressions NotIn matches", Map.of(), List.of(t(r("mem-type", Operator.NOT_IN, "DDR", "DDR2"))),
                "", Map.of("mem-type", "DDR3"), true),
            c("matchExpressions Exists matches", Map.of(), List.of(t(r("GPU", Operator.EXISTS))), "",
                Map.of("GPU", "NVIDIA-GRID-K1"), true),
            c("affinity that does not match the labels", Map.of(),
                List.of(t(r("foo", Operator.IN, "value1", "value2"))), "", Map.of("foo", "bar"), false),
            c("empty MatchExpressions match no node", Map.of(), List.of(new NodeSelectorTerm(List.of(), List.of())),
                "", Map.of("foo", "bar"), false),
            c("no affinity", Map.of(), null, "", Map.of("foo", "bar"), true),
            c("multiple matchExpressions ANDed, matching", Map.of(),
                List.of(t(r("GPU", Operator.EXISTS), r("GPU", Operator.NOT_IN, "AMD", "INTER"))), "",
                Map.of("GPU", "NVIDIA-GRID-K1"), true),
            c("multiple matchExpressions ANDed, not matching", Map.of(),
                List.of(t(r("GPU", Operator.EXISTS), r("GPU", Operator.IN, "AMD", "INTER"))), "",
                Map.of("GPU", "NVIDIA-GRID-K1"), false),
            c("multiple terms ORed, one matching", Map.of(),
                List.of(t(r("foo", Operator.IN, "bar", "value2")), t(r("diffkey", Operator.IN, "wrong", "value2"))),
                "", Map.of("foo", "bar"), true),
            c("affinity and nodeSelector both satisfied", Map.of("foo", "bar"), List.of(t(r("foo", Operator.EXISTS))),
                "", Map.of("foo", "bar"), true),
            c("affinity matches but nodeSelector does not", Map.of("foo", "bar"),
                List.of(t(r("foo", Operator.EXISTS))), "", Map.of("foo", "barrrrrr"), false),
            c("an invalid value in a term matches no node", Map.of(),
                List.of(t(r("foo", Operator.NOT_IN, "invalid value: ___@#$%^"))), "", Map.of("foo", "bar"), false),
            c("matchFields In matching the node", Map.of(), List.of(f(r(NAME, Operator.IN, "node1"))), "node1",
                Map.of(), true),
            c("matchFields In not matching the node", Map.of(), List.of(f(r(NAME, Operator.IN, "node1"))), "node2",
                Map.of(), false),
            c("two terms: matchFields does not match, matchExpressions does", Map.of(),
                List.of(f(r(NAME, Operator.IN, "node1"), r(NAME, Operator.IN, "node2")),
                    t(r("foo", Operator.IN, "bar"))), "node2", Map.of("foo", "bar"), true),
            c("one term: matchFields does not match, matchExpressions does", Map.of(),
                List.of(new NodeSelectorTerm(List.of(r("foo", Operator.IN, "bar")),
                    List.of(r(NAME, Operator.IN, "node1")))), "node2", Map.of("foo", "bar"), false),
            c("one term: both matchFields and matchExpressions match", Map.of(),
                List.of(new NodeSelectorTerm(List.of(r("foo", Operator.IN, "bar")),
                    List.of(r(NAME, Operator.IN, "node1")))), "node1", Map.of("foo", "bar"), true),
            c("two terms: neither matches", Map.of(),
                List.of(f(r(NAME, Operator.IN, "node1")), t(r("foo", Operator.IN, "not-match-to-bar"))), "node2",
                Map.of("foo", "bar"), false),
            c("two terms of node name", Map.of(),
                List.of(f(r(NAME, Operator.IN, "node1")), f(r(NAME, Operator.IN, "node2"))), "node2", Map.of(),
                true),
            c("two conflicting matchFields requirements", Map.of(),
                List.of(f(r(NAME, Operator.IN, "node1"), r(NAME, Operator.IN, "node2"))), "node2",
                Map.of("foo", "bar"), false));
    }

    /** Operators and validity rules the upstream table leaves to the label-selector library's own tests. */
    static Stream<Arguments> operatorCases() {
        return Stream.of(
            c("Lt below", Map.of(), List.of(t(r("rev", Operator.LT, "5"))), "n", Map.of("rev", "4"), true),
            c("Lt equal is not below", Map.of(), List.of(t(r("rev", Operator.LT, "5"))), "n", Map.of("rev", "5"),
                false),
            c("Gt on a label that is not an integer", Map.of(), List.of(t(r("rev", Operator.GT, "1"))), "n",
                Map.of("rev", "v2"), false),
            c("Gt with a value that is not an integer", Map.of(), List.of(t(r("rev", Operator.GT, "one"))), "n",
                Map.of("rev", "2"), false),
            c("Gt on a missing label", Map.of(), List.of(t(r("rev", Operator.GT, "1"))), "n", Map.of(), false),
            c("DoesNotExist on a missing label", Map.of(), List.of(t(r("maint", Operator.DOES_NOT_EXIST))), "n",
                Map.of(), true),
            c("DoesNotExist on a present label", Map.of(), List.of(t(r("maint", Operator.DOES_NOT_EXIST))), "n",
                Map.of("maint", ""), false),
            c("NotIn on a missing label", Map.of(), List.of(t(r("zone", Operator.NOT_IN, "a"))), "n", Map.of(), true),
            c("In with no value is invalid", Map.of(), List.of(t(r("zone", Operator.IN))), "n", Map.of("zone", "a"),
                false),
            c("Exists with a value is invalid", Map.of(), List.of(t(r("zone", Operator.EXISTS, "a"))), "n",
                Map.of("zone", "a"), false),
            c("a prefixed key", Map.of(), List.of(t(r("nvidia.com/gpu.product", Operator.IN, "H100-SXM"))), "n",
                Map.of("nvidia.com/gpu.product", "H100-SXM"), true),
            c("an invalid key", Map.of(), List.of(t(r("bad key", Operator.EXISTS))), "n", Map.of("bad key", ""),
                false),
            c("a field other than metadata.name", Map.of(), List.of(f(r("metadata.uid", Operator.IN, "n"))), "n",
                Map.of(), false),
            c("an empty list of terms matches no node", Map.of(), List.of(), "n", Map.of(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"kubeCases", "operatorCases"})
    void matchesAsKubeSchedulerDoes(String name, Map<String, String> selector, List<NodeSelectorTerm> affinity,
                                    String nodeName, Map<String, String> labels, boolean matches) {
        PodRequirements pod = PodRequirements.NONE.withNodeSelector(selector).withRequiredAffinity(affinity);
        assertEquals(matches, pod.matches(nodeName, labels));
    }

    private static Arguments c(String name, Map<String, String> selector, List<NodeSelectorTerm> affinity,
                               String nodeName, Map<String, String> labels, boolean matches) {
        return Arguments.of(name, selector, affinity, nodeName, labels, matches);
    }

    private static NodeSelectorRequirement r(String key, Operator op, String... values) {
        return NodeSelectorRequirement.of(key, op, values);
    }

    private static NodeSelectorTerm t(NodeSelectorRequirement... expressions) {
        return NodeSelectorTerm.of(expressions);
    }

    private static NodeSelectorTerm f(NodeSelectorRequirement... fields) {
        return new NodeSelectorTerm(List.of(), List.of(fields));
    }
}
