package io.wattshift.miners.sim;

/** Faults a simulated miner can be told to show, to exercise the adapter's failure paths. */
public enum MinerFault {
    /** Behaves like a healthy LuxOS miner. */
    NONE,
    /** Accepts the connection and never answers (a hung API process). */
    SILENT,
    /** Answers with bytes that are not JSON. */
    GARBAGE,
    /** Answers correctly after a delay ({@code slowDelay} of the simulator). */
    SLOW,
    /** Answers with an endless-looking reply far larger than any real one. */
    OVERSIZED,
    /** Refuses every logon. */
    REFUSE_LOGON
}
