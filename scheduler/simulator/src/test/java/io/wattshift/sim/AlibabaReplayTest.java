package io.wattshift.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Replays the public Alibaba GPU trace (openb pod list, ATC'23 FGD paper; alibaba/clusterdata
 * cluster-trace-gpu-v2023, a copy in ../shared/data/alibaba-openb) through the simulator and checks the totals.
 */
class AlibabaReplayTest {
    private static Path data() {
        String dir = System.getProperty("wattshift.shared.data", "../../../shared/data");
        Path p = Path.of(dir, "alibaba-openb", "openb_pod_list_default.csv");
        assertTrue(Files.isRegularFile(p), "the shared data is missing: " + p.toAbsolutePath());
        return p;
    }

    @Test
    @DisplayName("every pod of the openb trace is a job, skipped with a reason or accounted for at the end")
    void everyJobOfTheOpenbTraceIsAccountedFor() {
        SiteConfig site = SiteLoader.loadDefault();
        Traces.Trace trace = Traces.readAlibabaOpenb(data(), site);
        // 8,152 pods: 1,088 without GPUs and 1 with no run time are skipped
        assertEquals(8152, trace.jobs().size() + trace.skipped());
        assertEquals(7063, trace.jobs().size());
        PolicyReport r = new Simulation(site, trace, PriceSeries.flat(45), 45, PolicyKind.WATTSHIFT, 7, line -> {
        }).run();
        PolicyReport.Jobs jobs = r.jobs();
        assertEquals(7063, jobs.submitted());
        assertEquals(jobs.submitted(), jobs.completed() + jobs.runningAtEnd() + jobs.waitingAtEnd());
        assertTrue(jobs.completed() > 7000, "the demo site has room for the whole trace: " + jobs);
        assertEquals(0, r.powerViolations(), r.firstViolation());
        assertEquals(0, r.coolingViolations(), r.firstViolation());
        assertTrue(r.hours() > 149 * 24, "the run covers the trace's 149 days");
    }
}
