package io.wattshift.sim;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes our trace CSV reader ({@code simulate --trace FILE.csv}) with arbitrary files, against the built-in site.
 * The contract ({@link Traces#readCsv}): jobs that can run on the site, or an {@link InputException} naming file,
 * line and column; never another exception. {@link TraceChecks} says what "can run" means.
 *
 * <p>The default build replays {@code TraceCsvFuzzTestInputs/readCsv} (the example trace, small variants and every
 * finding) and fuzzes for {@code fuzz.duration}; see docs/reliability.md#fuzzing to fuzz longer.
 */
class TraceCsvFuzzTest {
    private static final FuzzFile FILE = new FuzzFile(".csv");
    private static final SiteConfig SITE = SiteLoader.loadDefault();

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"submit_s,duration_s,type,workers,gpus_per_worker,priority,tenant", ",preemptible", "training",
        "inference", "true", "false", "#", ",", "-", "4294967297", "9223372036854775808", "2147483648"})
    void readCsv(byte[] csv) {
        Traces.Trace trace;
        try {
            trace = Traces.readCsv(FILE.with(csv), SITE);
        } catch (InputException expected) {
            return;
        }
        TraceChecks.runnable(trace, SITE);
    }
}
