package io.wattshift.sim;

import java.util.List;

/**
 * How each hall's miners follow their mining lease in virtual time: the one place where {@link Simulation} and the
 * miners meet. Two models: {@link VirtualFleet} (each hall's fleet an aggregate number, the default) and
 * {@link TcpFleet} (simulated LuxOS miners on loopback TCP, commanded and read by the real fleet stack).
 *
 * <p><b>Contract.</b> A model owns two figures of each hall it is given and keeps them up to date:
 * {@link Plant.HallP#miningKw} (the power that hashes, kW: what the meter pays mining revenue for) and the hall's
 * mining draw as {@link Plant.HallP#miningDrawKw()} returns it (kW, sleeping miners' standby included: what the
 * plant checker, the meter's energy and the engine's {@code reportMining} see). The simulation calls
 * {@link #settle} at the second a call returned; nothing else moves a model's state.
 *
 * <p><b>Threading.</b> Called only from the simulation's thread, one call at a time; a call may block while the
 * model talks to its miners (virtual time does not move meanwhile). Times are virtual seconds since the start.
 */
interface FleetModel extends AutoCloseable {

    /** Builds the model for one run, over the plant's halls. */
    @FunctionalInterface
    interface Factory {
        FleetModel open(List<Plant.HallP> halls, long seed);
    }

    /**
     * The hall's lease is now {@code kw} at second {@code t}: start moving the miners. Returns the second at which
     * to call {@link #settle} (later than {@code t}).
     */
    long retarget(Plant.HallP hall, double kw, long t);

    /**
     * The engine curtails {@code kw} of the hall's mining, down to a lease of {@code leaseKw}, at second {@code t}
     * (for an AI job, or to keep a limit). Returns the second at which to call {@link #settle}.
     */
    long curtail(Plant.HallP hall, double kw, double leaseKw, long t);

    /**
     * The hall's fleet starts the run at {@code kw} (the static split's first hour). Returns the second at which to
     * call {@link #settle}, or -1 when the fleet is there already.
     */
    long preset(Plant.HallP hall, double kw, long t);

    /**
     * Second {@code t}, asked for by an earlier call: bring the hall's figures up to what its miners do now.
     * Returns -1 once the fleet has done what it can for its lease, else the second to look again.
     */
    long settle(Plant.HallP hall, long t);

    /** Whether the hall's fleet, as last seen, draws no more mining power than its lease. */
    boolean atLease(Plant.HallP hall);

    /** What went over the wire for this run, or null for a model without miners on a wire. */
    PolicyReport.MinerTraffic traffic();

    /** Stops whatever the model started (servers, clients, threads). Idempotent. */
    @Override
    void close();
}
