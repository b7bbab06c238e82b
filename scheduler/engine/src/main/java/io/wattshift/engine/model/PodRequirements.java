package io.wattshift.engine.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one pod of a job asks of its node besides GPUs and power, with kube-scheduler's meaning (the shim
 * translates the PodSpec; the engine compares).
 *
 * @param nodeSelector     labels the node must carry with these values ({@code spec.nodeSelector})
 * @param requiredAffinity the terms of {@code requiredDuringSchedulingIgnoredDuringExecution}, ORed; null when
 *                         the pod has none (an empty list matches no node); an invalid term is kept as one with no
 *                         requirement, which matches no node either
 * @param tolerations      the pod's tolerations
 * @param requests         the pod's effective request ({@link Resources#podRequest}: containers, init containers,
 *                         overhead), GPUs excluded
 */
public record PodRequirements(Map<String, String> nodeSelector, List<NodeSelectorTerm> requiredAffinity,
                              List<Toleration> tolerations, Resources requests) {
    /** No selector, no affinity, no tolerations, no requests. */
    public static final PodRequirements NONE = new PodRequirements(Map.of(), null, List.of(), Resources.NONE);

    public PodRequirements {
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        // an invalid term matches no node (as in kube-scheduler): reduced to one here, so matching a node need not
        // validate it again
        requiredAffinity = requiredAffinity == null ? null
            : requiredAffinity.stream().map(t -> t.valid() ? t : NodeSelectorTerm.NOTHING).toList();
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        requests = Objects.requireNonNullElse(requests, Resources.NONE);
    }

    public PodRequirements withNodeSelector(Map<String, String> labels) {
        return new PodRequirements(labels, requiredAffinity, tolerations, requests);
    }

    public PodRequirements withRequiredAffinity(List<NodeSelectorTerm> terms) {
        return new PodRequirements(nodeSelector, terms, tolerations, requests);
    }

    public PodRequirements withTolerations(List<Toleration> t) {
        return new PodRequirements(nodeSelector, requiredAffinity, t, requests);
    }

    public PodRequirements withRequests(Resources r) {
        return new PodRequirements(nodeSelector, requiredAffinity, tolerations, r);
    }

    /** Whether the pod names any node at all by selector or affinity. */
    public boolean selectsNodes() {
        return !nodeSelector.isEmpty() || requiredAffinity != null;
    }

    /**
     * kube-scheduler's NodeAffinity filter: every {@code nodeSelector} label present with its value, and (when the
     * pod has a required affinity) at least one of its terms matched.
     */
    public boolean matches(String nodeName, Map<String, String> labels) {
        for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        if (requiredAffinity == null) {
            return true;
        }
        for (NodeSelectorTerm t : requiredAffinity) {
            if (t.matchesValid(nodeName, labels)) {
                return true;
            }
        }
        return false;
    }

    /** The first taint with a NoSchedule or NoExecute effect that no toleration tolerates, or null. */
    public Taint untoleratedBlocking(List<Taint> taints) {
        for (Taint t : taints) {
            if (t.effect() != TaintEffect.PREFER_NO_SCHEDULE && !tolerated(t)) {
                return t;
            }
        }
        return null;
    }

    /** How many PreferNoSchedule taints no toleration tolerates (kube-scheduler's TaintToleration score). */
    public int untoleratedPreferred(List<Taint> taints) {
        int n = 0;
        for (Taint t : taints) {
            if (t.effect() == TaintEffect.PREFER_NO_SCHEDULE && !tolerated(t)) {
                n++;
            }
        }
        return n;
    }

    private boolean tolerated(Taint t) {
        for (Toleration tol : tolerations) {
            if (tol.tolerates(t)) {
                return true;
            }
        }
        return false;
    }
}
