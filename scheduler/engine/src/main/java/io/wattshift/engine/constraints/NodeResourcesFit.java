package io.wattshift.engine.constraints;

import io.wattshift.engine.model.NodeFacts;
import io.wattshift.engine.model.Resources;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * kube-scheduler's NodeResourcesFit filter: for each resource the pod requests, what is allocatable on the node
 * less what other schedulers' pods request there less what this engine's pods there request must hold the
 * request (a resource the node does not offer has none), and one more pod must fit under its pod count. A node
 * whose allocatable is not known (empty) is not checked.
 */
public final class NodeResourcesFit extends NodeCheck {
    @Override
    public String name() {
        return "node-resources";
    }

    @Override
    public Set<JobField> reads() {
        return EnumSet.of(JobField.REQUESTS);
    }

    @Override
    public boolean fits(Ask ask, NodeState node) {
        return lacking(ask, node, null);
    }

    /**
     * Whether the node has room for one pod; with {@code into} non-null, every resource it lacks ("pods" for the
     * pod count) is added there instead of stopping at the first.
     */
    static boolean lacking(Ask ask, NodeState node, Set<String> into) {
        NodeFacts f = node.facts();
        Resources alloc = f.allocatable();
        if (alloc.isEmpty()) {
            return true;
        }
        boolean fits = true;
        long maxPods = alloc.get(Resources.PODS);
        if (maxPods > 0 && node.podCount() + f.foreignRequests().get(Resources.PODS) + 1 > maxPods) {
            if (into == null) {
                return false;
            }
            into.add(Resources.PODS);
            fits = false;
        }
        for (Map.Entry<String, Long> e : ask.job().requirements().requests().amounts().entrySet()) {
            String r = e.getKey();
            if (Resources.PODS.equals(r)) {
                continue;
            }
            long free = alloc.get(r) - f.foreignRequests().get(r) - node.requested(r);
            if (free < e.getValue()) {
                if (into == null) {
                    return false;
                }
                into.add(r);
                fits = false;
            }
        }
        return fits;
    }

    /**
     * Names what the refusing nodes lack: "have the requested cpu, memory free", "have room for another pod", or
     * both joined by "and".
     */
    @Override
    String clause(Ask ask, HallState hall) {
        Set<String> lacking = new TreeSet<>();
        for (NodeState n : hall.nodeStates()) {
            lacking(ask, n, lacking);
        }
        boolean pods = lacking.remove(Resources.PODS);
        String room = pods ? "have room for another pod" : "";
        if (lacking.isEmpty()) {
            return room;
        }
        return (pods ? room + " and " : "") + "have the requested " + String.join(", ", lacking) + " free";
    }
}
