package io.wattshift.engine.constraints;

/** What a check may read of a hall's live books (kW unless named otherwise). */
public interface HallState {
    String name();

    int gpus();

    int freeGpus();

    /** Feed power / IT power: what one IT watt costs at the feed. */
    double coolingOverhead();

    /** The feed limit less the reserve. */
    double effLimitKw(double reserve);

    /** Feed power free for placement (promises included; mining counted as free when {@code curtail}). */
    double admitFreeKw(double reserve, boolean curtail);

    /** Cooling capacity at the current ambient. */
    double coolingKw();

    /** Heat the cooling can still take for placement. */
    double admitHeatFreeKw(boolean curtail);

    String siteName();

    /** The site's interconnect less the reserve. */
    double siteEffLimitKw(double reserve);

    /** Interconnect power free for placement over all of the site's halls. */
    double siteAdmitFreeKw(double reserve, boolean curtail);

    /** Racks that have a node with at least {@code g} free GPUs, by free kW. */
    Iterable<? extends RackState> racksWithFree(int g);

    /** Every node of the hall. */
    Iterable<? extends NodeState> nodeStates();
}
