package io.wattshift.sim;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the Alibaba openb pod-list reader ({@code --trace-format alibaba-openb}) with arbitrary files, against the
 * built-in site. The contract ({@link Traces#readAlibabaOpenb}): jobs that can run on the site plus a count of
 * skipped pods, or an {@link InputException}; never another exception.
 *
 * <p>The default build replays {@code AlibabaTraceFuzzTestInputs/readOpenb} (the head of the public trace, small
 * variants and every finding) and fuzzes for {@code fuzz.duration}; see docs/reliability.md#fuzzing.
 */
class AlibabaTraceFuzzTest {
    private static final FuzzFile FILE = new FuzzFile(".csv");
    private static final SiteConfig SITE = SiteLoader.loadDefault();

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time",
        "LS", "Guaranteed", "Burstable", "BE", "Running", ",", "-", "4294967297", "2147483648"})
    void readOpenb(byte[] csv) {
        Traces.Trace trace;
        try {
            trace = Traces.readAlibabaOpenb(FILE.with(csv), SITE);
        } catch (InputException expected) {
            return;
        }
        TraceChecks.runnable(trace, SITE);
    }
}
