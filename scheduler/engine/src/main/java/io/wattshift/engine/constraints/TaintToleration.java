package io.wattshift.engine.constraints;

import io.wattshift.engine.model.Taint;
import java.util.EnumSet;
import java.util.Set;

/**
 * kube-scheduler's TaintToleration: a node with a NoSchedule or NoExecute taint the pod does not tolerate is
 * refused; each PreferNoSchedule taint it does not tolerate costs {@link #PREFER_PENALTY}, more than two hot
 * GPUs, so such a node is taken only when no untainted candidate is as good. Like the other scores it ranks the
 * few candidates the rack index offers, not every node of the site.
 */
public final class TaintToleration extends NodeCheck implements NodeScore {
    /** The penalty per untolerated PreferNoSchedule taint. */
    public static final int PREFER_PENALTY = 25;

    @Override
    public String name() {
        return "taints";
    }

    @Override
    public Set<JobField> reads() {
        return EnumSet.of(JobField.TOLERATIONS);
    }

    @Override
    public boolean fits(Ask ask, NodeState node) {
        var taints = node.facts().taints();
        return taints.isEmpty() || ask.job().requirements().untoleratedBlocking(taints) == null;
    }

    @Override
    public int penalty(Ask ask, NodeState node, int[] gpus) {
        var taints = node.facts().taints();
        return taints.isEmpty() ? 0 : PREFER_PENALTY * ask.job().requirements().untoleratedPreferred(taints);
    }

    /** Names the first untolerated taint found, as a hint at what to tolerate. */
    @Override
    String clause(Ask ask, HallState hall) {
        for (NodeState n : hall.nodeStates()) {
            Taint t = ask.job().requirements().untoleratedBlocking(n.facts().taints());
            if (t != null) {
                return "have no taint the pod does not tolerate (" + t + " is not tolerated)";
            }
        }
        return "have no taint the pod does not tolerate";
    }
}
