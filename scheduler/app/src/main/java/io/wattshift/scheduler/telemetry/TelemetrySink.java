package io.wattshift.scheduler.telemetry;

import io.wattshift.wire.Hello;
import io.wattshift.wire.SampleBatch;

/**
 * Receives what node daemons stream. Called on Vert.x event loops, several at once for different nodes and in
 * arrival order for one node: implementations must be thread-safe and must not block.
 */
public interface TelemetrySink {
    /** A daemon (re)connected and described its GPUs; the node name is authenticated. */
    void connected(Hello hello);

    /** Samples from a node, oldest first. */
    void samples(String node, SampleBatch batch);

    /** The node's stream closed (its telemetry will go stale unless it reconnects). */
    void disconnected(String node);
}
