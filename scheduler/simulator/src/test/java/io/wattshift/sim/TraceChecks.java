package io.wattshift.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every job a trace reader returns must be: a job the simulation can submit and the empty site could run. */
final class TraceChecks {
    private TraceChecks() {
    }

    static void runnable(Traces.Trace trace, SiteConfig site) {
        assertTrue(trace.skipped() >= 0, "skipped " + trace.skipped());
        long previous = Long.MIN_VALUE;
        for (TraceJob j : trace.jobs()) {
            assertTrue(j.submitS() >= 0 && j.submitS() >= previous, "submit time " + j.submitS() + " of " + j.key());
            previous = j.submitS();
            assertTrue(j.durationS() >= 1, "duration " + j.durationS() + " of " + j.key());
            assertTrue(j.workers() >= 1 && j.gpusPerWorker() >= 1, j.workers() + " x " + j.gpusPerWorker() + " GPUs in "
                + j.key());
            assertTrue(j.gpusPerWorker() <= site.largestNodeGpus(), j.key() + " wants pods larger than every node");
            assertTrue(j.workers() <= site.podSlots(j.gpusPerWorker()), j.key() + " has more pods than the site holds");
            assertTrue(!j.tenant().isEmpty() && j.type() != null, "tenant and type of " + j.key());
        }
    }
}
