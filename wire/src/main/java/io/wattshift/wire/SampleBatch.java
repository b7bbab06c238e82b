package io.wattshift.wire;

import java.util.List;

/**
 * Samples from one node: usually one tick of every GPU, several ticks when the daemon drains its buffer after a
 * reconnect.
 *
 * @param sequence per-connection counter of the daemon's batches (lets the scheduler count gaps)
 * @param samples the readings, in the order they were taken
 */
public record SampleBatch(long sequence, List<GpuSample> samples) implements WireMessage {
    public SampleBatch {
        samples = List.copyOf(samples);
    }
}
