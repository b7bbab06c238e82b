package io.wattshift.scheduler.telemetry;

import io.vertx.core.Future;
import io.wattshift.wire.CapResult;

/**
 * Sends power cap commands to node daemons over their telemetry streams (the reverse direction): how the scheduler
 * carries out the engine's {@code SetPowerCap(node, gpu, W)} decisions.
 *
 * <p>Contract: never blocks; callable from any thread. The future completes with the daemon's {@link CapResult}
 * (APPLIED with the enforced limit read back, REJECTED when outside the GPU's constraints or the daemon is
 * read-only, FAILED when NVML refused), or fails with {@link NodeNotConnectedException} when the node has no open
 * stream, or {@link java.util.concurrent.TimeoutException} when the daemon does not answer in time. Idempotent on
 * the daemon side: sending the same cap twice is harmless.
 */
public interface PowerCapCommands {
    /**
     * @param milliwatts the power limit to set; {@link io.wattshift.wire.CapRequest#RESTORE_DEFAULT} (0) removes the cap
     */
    Future<CapResult> setPowerCap(String node, int gpuIndex, long milliwatts);
}
