package io.wattshift.engine.constraints;

import java.util.EnumSet;
import java.util.Set;

/**
 * kube-scheduler's NodeAffinity filter: the node carries every {@code nodeSelector} label with its value, and
 * matches one term of the required node affinity (In, NotIn, Exists, DoesNotExist, Gt, Lt on labels; In/NotIn on
 * {@code metadata.name}). The preferred affinity is not scored.
 */
public final class NodeAffinity extends NodeCheck {
    @Override
    public String name() {
        return "node-affinity";
    }

    @Override
    public Set<JobField> reads() {
        return EnumSet.of(JobField.NODE_SELECTOR, JobField.NODE_AFFINITY);
    }

    @Override
    public boolean fits(Ask ask, NodeState node) {
        var r = ask.job().requirements();
        return !r.selectsNodes() || r.matches(node.name(), node.facts().labels());
    }

    @Override
    String clause(Ask ask, HallState hall) {
        return "match the pod's node selector or affinity";
    }
}
