package io.wattshift.daemon.stream;

import io.wattshift.wire.GpuSample;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples waiting for the scheduler, bounded: when full, the oldest samples are dropped (the newest readings matter
 * most to placement) and counted. Owned by one event loop: not thread-safe.
 */
final class SampleBuffer {
    private final ArrayDeque<GpuSample> samples = new ArrayDeque<>();
    private final int capacity;

    SampleBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer capacity must be >= 1 sample, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds a tick; returns how many old samples were dropped to make room. */
    int add(List<GpuSample> tick) {
        int dropped = 0;
        for (GpuSample s : tick) {
            if (samples.size() == capacity) {
                samples.pollFirst();
                dropped++;
            }
            samples.addLast(s);
        }
        return dropped;
    }

    /** Removes and returns up to {@code max} of the oldest samples. */
    List<GpuSample> take(int max) {
        int n = Math.min(max, samples.size());
        List<GpuSample> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(samples.pollFirst());
        }
        return batch;
    }

    /** Puts a batch back at the front (its write failed), within capacity. */
    void putBack(List<GpuSample> batch) {
        for (int i = batch.size() - 1; i >= 0 && samples.size() < capacity; i--) {
            samples.addFirst(batch.get(i));
        }
    }

    int size() {
        return samples.size();
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }
}
