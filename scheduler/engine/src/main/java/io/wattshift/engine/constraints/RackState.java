package io.wattshift.engine.constraints;

/** What a check may read of a rack (PDU). */
public interface RackState {
    String name();

    /** The rack's IT limit, kW. */
    double limitKw();

    /** IT power not yet committed, kW. */
    double freeKw();

    int freeGpus();
}
