package io.wattshift.engine.model;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One term of a required node affinity (Kubernetes' NodeSelectorTerm): its requirements are ANDed; the terms of
 * an affinity are ORed ({@link PodRequirements#matches}). As in kube-scheduler, a term with no requirement at all
 * matches no node, and a term with an invalid requirement (an In with no value, an Exists with values, a Gt whose
 * value is not an integer, a key or value that is not a valid label, a field other than {@code metadata.name},
 * a field requirement other than In/NotIn of one value) matches no node either.
 *
 * @param matchExpressions requirements on the node's labels
 * @param matchFields      requirements on the node's fields ({@code metadata.name} only)
 */
public record NodeSelectorTerm(List<NodeSelectorRequirement> matchExpressions,
                               List<NodeSelectorRequirement> matchFields) {
    /** The only node field a term may select on. */
    public static final String NODE_NAME_FIELD = "metadata.name";
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN =
        Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public NodeSelectorTerm {
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
        matchFields = matchFields == null ? List.of() : List.copyOf(matchFields);
    }

    /** A term of label requirements only. */
    public static NodeSelectorTerm of(NodeSelectorRequirement... expressions) {
        return new NodeSelectorTerm(List.of(expressions), List.of());
    }

    /** A term that matches no node (what an invalid term is reduced to, see {@link PodRequirements}). */
    static final NodeSelectorTerm NOTHING = new NodeSelectorTerm(List.of(), List.of());

    /** Whether a node named {@code nodeName} with {@code labels} satisfies every requirement of this term. */
    public boolean matches(String nodeName, Map<String, String> labels) {
        return valid() && matchesValid(nodeName, labels);
    }

    /**
     * Whether every label requirement is one Kubernetes accepts (a qualified key, valid values, the number of values
     * its operator takes, an integer for Gt/Lt). Costs a few regular-expression matches: checked once per pod
     * requirement ({@link PodRequirements}), not per node.
     */
    public boolean valid() {
        for (NodeSelectorRequirement r : matchExpressions) {
            if (!validKey(r.key())) {
                return false;
            }
            List<String> values = r.values();
            boolean ok = switch (r.operator()) {
                case IN, NOT_IN -> !values.isEmpty() && values.stream().allMatch(NodeSelectorTerm::validValue);
                case EXISTS, DOES_NOT_EXIST -> values.isEmpty();
                case GT, LT -> values.size() == 1 && parseLong(values.get(0)) != null;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@link #matches} for a term known to be {@link #valid()}: no validation per node. */
    boolean matchesValid(String nodeName, Map<String, String> labels) {
        if (matchExpressions.isEmpty() && matchFields.isEmpty()) {
            return false;
        }
        for (NodeSelectorRequirement r : matchExpressions) {
            if (!labelMatches(r, labels)) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : matchFields) {
            if (!fieldMatches(r, nodeName)) {
                return false;
            }
        }
        return true;
    }

    /** One valid label requirement against the node's labels. */
    private static boolean labelMatches(NodeSelectorRequirement r, Map<String, String> labels) {
        String v = labels.get(r.key());
        switch (r.operator()) {
            case IN:
                return v != null && r.values().contains(v);
            case NOT_IN:
                return v == null || !r.values().contains(v);
            case EXISTS:
                return v != null;
            case DOES_NOT_EXIST:
                return v == null;
            default: // GT, LT: the value parsed when the term was validated
                Long have = v == null ? null : parseLong(v);
                if (have == null) {
                    return false;
                }
                long want = Long.parseLong(r.values().get(0));
                return r.operator() == NodeSelectorRequirement.Operator.GT ? have > want : have < want;
        }
    }

    private static boolean fieldMatches(NodeSelectorRequirement r, String nodeName) {
        if (!NODE_NAME_FIELD.equals(r.key()) || r.values().size() != 1) {
            return false;
        }
        return switch (r.operator()) {
            case IN -> r.values().get(0).equals(nodeName);
            case NOT_IN -> !r.values().get(0).equals(nodeName);
            default -> false;
        };
    }

    /** A qualified label key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
    static boolean validKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return !name.isEmpty() && name.length() <= 63 && LABEL_NAME.matcher(name).matches();
    }

    /** A label value: empty, or at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric. */
    static boolean validValue(String value) {
        return value.isEmpty() || (value.length() <= 63 && LABEL_NAME.matcher(value).matches());
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
