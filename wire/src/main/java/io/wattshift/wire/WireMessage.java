package io.wattshift.wire;

/**
 * One frame of the daemon &lt;-&gt; scheduler telemetry stream (a binary WebSocket message).
 *
 * <p>Daemon to scheduler: {@link Hello} (first frame after connecting), {@link SampleBatch}, {@link CapResult}.
 * Scheduler to daemon: {@link CapRequest}. {@link WireCodec} is the only encoder/decoder.
 */
public sealed interface WireMessage permits Hello, SampleBatch, CapRequest, CapResult {
}
