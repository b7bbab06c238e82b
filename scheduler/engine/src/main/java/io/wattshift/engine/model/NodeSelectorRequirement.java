package io.wattshift.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * One requirement of a node selector term (Kubernetes' NodeSelectorRequirement): on a label in
 * {@link NodeSelectorTerm#matchExpressions()}, on a field ({@code metadata.name}) in
 * {@link NodeSelectorTerm#matchFields()}. Whether it matches is decided by {@link NodeSelectorTerm}, which also
 * treats an invalid requirement (e.g. Gt with no integer) as making its term match nothing, as Kubernetes does.
 *
 * @param key      label key (or field name)
 * @param operator In, NotIn, Exists, DoesNotExist, Gt, Lt
 * @param values   In/NotIn: one or more; Exists/DoesNotExist: none; Gt/Lt: one integer
 */
public record NodeSelectorRequirement(String key, Operator operator, List<String> values) {
    /** The operators of a node selector requirement. */
    public enum Operator {
        IN("In"), NOT_IN("NotIn"), EXISTS("Exists"), DOES_NOT_EXIST("DoesNotExist"), GT("Gt"), LT("Lt");

        private final String kubeName;

        Operator(String kubeName) {
            this.kubeName = kubeName;
        }

        public String kubeName() {
            return kubeName;
        }

        /** The operator named as in the Kubernetes API ({@code In}, {@code NotIn}, ...). */
        public static Operator parse(String name) {
            for (Operator o : values()) {
                if (o.kubeName.equals(name)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown node selector operator \"" + name
                + "\" (In, NotIn, Exists, DoesNotExist, Gt or Lt)");
        }
    }

    public NodeSelectorRequirement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        values = values == null ? List.of() : List.copyOf(values);
    }

    public static NodeSelectorRequirement of(String key, Operator operator, String... values) {
        return new NodeSelectorRequirement(key, operator, List.of(values));
    }
}
