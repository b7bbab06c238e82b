package io.wattshift.engine.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the cluster says about a node beyond its GPUs and power: what pod requirements are checked against.
 *
 * @param labels          the node's labels
 * @param taints          its taints
 * @param allocatable     what pods may request there in all ({@code status.allocatable}, GPUs excluded); empty =
 *                        not known, and then requests are not checked on this node (the simulator's nodes)
 * @param foreignRequests what pods of other schedulers (and DaemonSets) running there request, their number as
 *                        {@link Resources#PODS}
 * @param foreignGpus     GPUs those pods hold: not free for this engine, and booked at power
 */
public record NodeFacts(Map<String, String> labels, List<Taint> taints, Resources allocatable,
                        Resources foreignRequests, int foreignGpus) {
    /** Nothing known: no labels, no taints, requests not checked, no foreign pods. */
    public static final NodeFacts NONE = new NodeFacts(Map.of(), List.of(), Resources.NONE, Resources.NONE, 0);

    public NodeFacts {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        taints = taints == null ? List.of() : List.copyOf(taints);
        allocatable = Objects.requireNonNullElse(allocatable, Resources.NONE);
        foreignRequests = Objects.requireNonNullElse(foreignRequests, Resources.NONE);
        if (foreignGpus < 0) {
            throw new IllegalArgumentException("foreignGpus must be >= 0, got " + foreignGpus);
        }
    }

    public NodeFacts withLabels(Map<String, String> l) {
        return new NodeFacts(l, taints, allocatable, foreignRequests, foreignGpus);
    }

    public NodeFacts withTaints(List<Taint> t) {
        return new NodeFacts(labels, t, allocatable, foreignRequests, foreignGpus);
    }

    public NodeFacts withAllocatable(Resources r) {
        return new NodeFacts(labels, taints, r, foreignRequests, foreignGpus);
    }

    /** What other schedulers' pods on the node request and how many GPUs they hold. */
    public NodeFacts withForeign(Resources requests, int gpus) {
        return new NodeFacts(labels, taints, allocatable, requests, gpus);
    }
}
