package io.wattshift.miners.fleet;

/** What the scheduler believes a miner is doing. Only a confirmed {@link #ASLEEP} miner counts below nameplate. */
public enum MinerMode {
    /** Never read or commanded since start: could be mining. */
    UNKNOWN,
    /** Mining, or told to wake up. */
    AWAKE,
    /** Told to sleep; the drop is not yet confirmed by the miner's own power reading. */
    CURTAILING,
    /** The miner reported a power draw at its idle level. */
    ASLEEP
}
