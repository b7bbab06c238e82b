package io.wattshift.testbed.bench;

/**
 * Hall and site limits of the bench, from what a pod commits at the hall's nameplate figures (no telemetry on kwok
 * nodes): its GPUs at {@link #GPU_NAMEPLATE_WATTS}, its share of the node's {@link #HOST_OVERHEAD_WATTS}, plus the
 * hall's {@link #COOLING_OVERHEAD_PERCENT} on top (what the engine books against the feed).
 */
public final class PowerSizing {
    public static final int GPU_NAMEPLATE_WATTS = 700;
    public static final int HOST_OVERHEAD_WATTS = 800;
    public static final int COOLING_OVERHEAD_PERCENT = 10;
    public static final int GPUS_PER_NODE = 8;
    /** Headroom over a full hall when the limits must never bind. */
    private static final double NEVER_BINDS_MARGIN = 1.25;

    private PowerSizing() {
    }

    /** kW a pod of {@code gpus} GPUs commits against its hall's feed. */
    public static double podKw(int gpus) {
        double it = gpus * GPU_NAMEPLATE_WATTS + HOST_OVERHEAD_WATTS * (double) gpus / GPUS_PER_NODE;
        return it * (1 + COOLING_OVERHEAD_PERCENT / 100.0) / 1000.0;
    }

    /**
     * The feed of a hall of {@code nodesInHall} of {@code totalNodes} nodes.
     *
     * @param percent 0: a full hall (every GPU busy) and a margin, so the feed never binds; else this percentage of the
     *                demand of the hall's share of the pods (pods spread by capacity)
     */
    public static double hallFeedKw(int nodesInHall, int totalNodes, int pods, int gpusPerPod, int percent) {
        if (percent == 0) {
            return Math.ceil(nodesInHall * GPUS_PER_NODE * podKw(1) * NEVER_BINDS_MARGIN);
        }
        double podsInHall = (double) pods * nodesInHall / totalNodes;
        return Math.max(1, Math.floor(podsInHall * podKw(gpusPerPod) * percent / 100.0));
    }

    /** The site's interconnect: never the binding limit (the halls are). */
    public static double siteKw(double sumOfFeedsKw) {
        return Math.ceil(sumOfFeedsKw * NEVER_BINDS_MARGIN);
    }
}
