package io.wattshift.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JobSpecTest {
    private static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");

    @Test
    @DisplayName("without a queue (or a blank one) a job waits in its tenant's queue")
    void theQueueDefaultsToTheTenant() {
        JobSpec plain = new JobSpec("ns/j", "acme", JobKind.TRAINING, 2, 8, 2, 0, false, 0, Topology.ANY, T0);
        assertEquals("acme", plain.queue());
        assertEquals("acme", plain.withQueue(null).queue());
        assertEquals("acme", plain.withQueue("  ").queue());
        assertEquals("acme", JobSpec.training("ns/j", "acme", 1, 1, T0).queue());
        assertEquals(plain, new JobSpec("ns/j", "acme", null, JobKind.TRAINING, 2, 8, 2, 0, false, 0, Topology.ANY,
            T0));
    }

    @Test
    @DisplayName("every with* keeps the queue")
    void theWithMethodsCarryTheQueue() {
        JobSpec j = JobSpec.inference("ns/s", "acme", 3, 1, 1, T0).withQueue("serve");
        assertEquals("serve", j.withPriority(5, true).queue());
        assertEquals("serve", j.withTopology(Topology.SAME_RACK).queue());
        assertEquals("serve", j.withGpuCapW(300).queue());
        assertEquals("acme", j.withGpuCapW(300).tenant());
    }
}
