package io.wattshift.engine.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Amounts of node resources by Kubernetes resource name: {@code cpu} in millicores, {@code memory} and
 * {@code ephemeral-storage} in bytes, {@code pods} as a count, extended resources (e.g. {@code example.com/foo},
 * {@code hugepages-2Mi}) as integers of their unit. GPUs are not among them: a job's GPUs are
 * {@link JobSpec#gpusPerPod()}, a node's are its {@link NodeSpec#gpus()}.
 *
 * @param amounts resource name -> amount, all >= 0 (sorted by name, so messages and equality are stable)
 */
public record Resources(Map<String, Long> amounts) {
    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";
    public static final Resources NONE = new Resources(Map.of());

    public Resources {
        Objects.requireNonNull(amounts, "amounts");
        TreeMap<String, Long> sorted = new TreeMap<>();
        for (Map.Entry<String, Long> e : amounts.entrySet()) {
            Objects.requireNonNull(e.getKey(), "resource name");
            long v = Objects.requireNonNull(e.getValue(), e.getKey());
            if (v < 0) {
                throw new IllegalArgumentException("resource " + e.getKey() + " must be >= 0, got " + v);
            }
            if (v > 0) {
                sorted.put(e.getKey(), v);
            }
        }
        amounts = Collections.unmodifiableMap(sorted);
    }

    /** Alternating name, amount pairs: {@code of("cpu", 500L, "memory", 1L << 30)}. */
    public static Resources of(Object... nameThenAmount) {
        if (nameThenAmount.length % 2 != 0) {
            throw new IllegalArgumentException("resources come as name, amount pairs");
        }
        Map<String, Long> m = new TreeMap<>();
        for (int i = 0; i < nameThenAmount.length; i += 2) {
            m.merge((String) nameThenAmount[i], ((Number) nameThenAmount[i + 1]).longValue(), Long::sum);
        }
        return new Resources(m);
    }

    /** The amount of {@code name}; 0 when absent. */
    public long get(String name) {
        Long v = amounts.get(name);
        return v == null ? 0 : v;
    }

    public boolean isEmpty() {
        return amounts.isEmpty();
    }

    public Resources plus(Resources other) {
        Map<String, Long> m = new TreeMap<>(amounts);
        other.amounts.forEach((k, v) -> m.merge(k, v, Long::sum));
        return new Resources(m);
    }

    /** This less {@code other}, each amount floored at 0. */
    public Resources minus(Resources other) {
        Map<String, Long> m = new TreeMap<>(amounts);
        other.amounts.forEach((k, v) -> m.merge(k, -v, (a, b) -> Math.max(0, a + b)));
        m.replaceAll((k, v) -> Math.max(0, v));
        return new Resources(m);
    }

    /** Per resource, the larger of the two. */
    public Resources max(Resources other) {
        Map<String, Long> m = new TreeMap<>(amounts);
        other.amounts.forEach((k, v) -> m.merge(k, v, Math::max));
        return new Resources(m);
    }

    /**
     * What a pod requests as kube-scheduler counts it: per resource, the larger of the sum over its containers and
     * the largest single init container (init containers run one at a time, before the others), plus the pod's
     * overhead (its RuntimeClass's sandbox). Sidecars (restartable init containers) are not modelled: pass them
     * as containers.
     */
    public static Resources podRequest(List<Resources> containers, List<Resources> initContainers,
                                       Resources overhead) {
        Resources sum = NONE;
        for (Resources c : containers) {
            sum = sum.plus(c);
        }
        for (Resources i : initContainers) {
            sum = sum.max(i);
        }
        return sum.plus(overhead == null ? NONE : overhead);
    }
}
