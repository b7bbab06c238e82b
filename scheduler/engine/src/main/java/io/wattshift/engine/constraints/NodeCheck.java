package io.wattshift.engine.constraints;

import io.wattshift.engine.model.Insufficient;
import java.util.Locale;

/**
 * A node filter that explains itself by counting, as kube-scheduler's "0/5 nodes are available: 5 node(s) had
 * untolerated taint(s)" does: a hall is short by this check when some node fails it and either none passes or the
 * nodes that pass have fewer free GPUs than the request needs while the hall has enough. The reason is {@code Insufficient(name, GPUs needed,
 * GPUs free on passing nodes, nodes in the hall, hall)}.
 */
abstract class NodeCheck implements NodeFilter {
    /**
     * What a node must do to pass, as a clause after "nodes that": e.g. "match the pod's node selector or
     * affinity".
     */
    abstract String clause(Ask ask, HallState hall);

    @Override
    public Insufficient explain(Ask ask, HallState hall, Need need) {
        int total = 0;
        int passing = 0;
        long freeGpus = 0;
        for (NodeState n : hall.nodeStates()) {
            total++;
            if (fits(ask, n)) {
                passing++;
                freeGpus += n.freeGpus();
            }
        }
        long want = (long) ask.pods() * ask.gpusPerPod();
        // short by this check: no node passes it, or the nodes that pass lack GPUs the hall as a whole has (when
        // the hall itself lacks them, that is the GPU check's reason, not this one's)
        boolean shortHere = passing == 0 || (freeGpus < want && hall.freeGpus() >= want);
        if (total == 0 || passing == total || !shortHere) {
            return null;
        }
        return new Insufficient(name(), want, freeGpus, total, hall.name());
    }

    @Override
    public String message(Ask ask, Insufficient reason, HallState hall) {
        int passing = 0;
        for (NodeState n : hall.nodeStates()) {
            if (fits(ask, n)) {
                passing++;
            }
        }
        if (passing == 0) {
            return String.format(Locale.ROOT, "%s: none of %d nodes %s", hall.name(), (int) reason.limit(),
                clause(ask, hall));
        }
        return String.format(Locale.ROOT, "%s: needs %d GPUs on nodes that %s, %d free on the %d of %d that do",
            hall.name(), (int) reason.requested(), clause(ask, hall), (int) reason.free(), passing,
            (int) reason.limit());
    }
}
