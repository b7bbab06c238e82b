package io.wattshift.engine.constraints;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered list of checks the placer filters and scores by and the explainer explains by. The order is the
 * order of reasons in a message (most binding first). Adding a check is one class and one line in
 * {@link #standard()}.
 */
public final class Constraints {
    private final List<Constraint> all;
    private final List<Constraint> hallPrunes = new ArrayList<>();
    private final List<PowerBudget> budgets = new ArrayList<>();
    private final List<NodeFilter> nodeFilters = new ArrayList<>();
    private final List<NodeScore> scores = new ArrayList<>();
    private final TopologyFit topology;
    private final Set<JobField> reads = EnumSet.noneOf(JobField.class);

    public Constraints(List<Constraint> checks) {
        this.all = List.copyOf(checks);
        TopologyFit topo = null;
        for (Constraint c : all) {
            if (overrides(c, "hallMayHold", Ask.class, HallState.class)) {
                hallPrunes.add(c);
            }
            if (c instanceof PowerBudget b) {
                budgets.add(b);
            }
            if (c instanceof NodeFilter f) {
                nodeFilters.add(f);
            }
            if (c instanceof NodeScore s) {
                scores.add(s);
            }
            if (c instanceof TopologyFit t) {
                topo = t;
            }
            reads.addAll(c.reads());
        }
        if (topo == null) {
            throw new IllegalArgumentException("the checks must include a TopologyFit: it groups a job's pods");
        }
        this.topology = topo;
    }

    /** Whether {@code c} has its own {@code method} (the placer calls only checks that prune per hall). */
    private static boolean overrides(Constraint c, String method, Class<?>... params) {
        try {
            return c.getClass().getMethod(method, params).getDeclaringClass() != Constraint.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every check the engine places by, in the order reasons are listed. */
    public static Constraints standard() {
        return new Constraints(List.of(new Gpus(), new HallPower(), new SitePower(), new Cooling(), new RackPower(),
            new NodeAffinity(), new TaintToleration(), new NodeResourcesFit(), new TopologyFit(), new Thermal(),
            new StaleTelemetry()));
    }

    public List<Constraint> all() {
        return all;
    }

    public List<Constraint> hallPrunes() {
        return hallPrunes;
    }

    public List<PowerBudget> budgets() {
        return budgets;
    }

    public List<NodeFilter> nodeFilters() {
        return nodeFilters;
    }

    public List<NodeScore> scores() {
        return scores;
    }

    public TopologyFit topology() {
        return topology;
    }

    /** The union of the job fields any check reads: what the failure memo keys on. */
    public Set<JobField> reads() {
        return reads;
    }
}
