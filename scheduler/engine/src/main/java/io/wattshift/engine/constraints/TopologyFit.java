package io.wattshift.engine.constraints;

import io.wattshift.engine.model.Insufficient;
import io.wattshift.engine.model.Topology;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a job's pods must be together: anywhere on the site, in one hall or in one rack. The placer tries each
 * group the topology allows (every hall, or every rack, in hall order) that has GPUs for the whole request.
 * Packing cannot be explained by one shortage; its line is {@link #packingMessage}.
 */
public final class TopologyFit implements Constraint {
    @Override
    public String name() {
        return "topology";
    }

    @Override
    public Set<JobField> reads() {
        return EnumSet.of(JobField.TOPOLOGY, JobField.GPUS_PER_POD);
    }

    /** The scope the pods must share. */
    public Topology scope(Ask ask) {
        return ask.job().topology();
    }

    /** Whether a group (a hall or a rack) with {@code freeGpus} free could hold every pod of the ask. */
    public boolean groupMayHold(Ask ask, int freeGpus) {
        return freeGpus >= ask.pods() * ask.gpusPerPod();
    }

    @Override
    public Insufficient explain(Ask ask, HallState hall, Need need) {
        return null;
    }

    /** Why the pods did not fit when no resource is short: they do not pack onto whole nodes (within the scope). */
    public String packingMessage(Ask ask, HallState hall) {
        Topology t = scope(ask);
        String topo = t == Topology.ANY ? "" : " " + t.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return String.format(Locale.ROOT, "%s: %d GPUs free, but not %d x %d%s on whole nodes", hall.name(),
            hall.freeGpus(), ask.pods(), ask.gpusPerPod(), topo);
    }
}
