package io.wattshift.scheduler.telemetry;

/** A command for a node whose daemon has no open telemetry stream. */
public final class NodeNotConnectedException extends RuntimeException {
    public NodeNotConnectedException(String node) {
        super("node " + node + " has no open telemetry stream (daemon down or not yet connected)", null, false, false);
    }
}
