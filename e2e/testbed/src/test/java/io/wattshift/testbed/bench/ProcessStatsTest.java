package io.wattshift.testbed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessStatsTest {
    @Test
    void readsUserPlusSystemTicksAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (java (bench) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 566 0 0 20 0 40 0 99 0 0";
        ProcessStats s = ProcessStats.parse(stat, List.of("Name:\tjava", "VmHWM:\t  204800 kB", "VmRSS:\t  102400 kB"));
        assertEquals(18.0, s.cpuSeconds(), 1e-9);
        assertEquals(100L << 20, s.rssBytes());
        assertEquals(200L << 20, s.peakRssBytes());
    }

    @Test
    void aRealProcessUsesCpuAndMemory() throws Exception {
        ProcessStats before = ProcessStats.of(ProcessHandle.current().pid());
        long spin = System.nanoTime() + 300_000_000L;
        double x = 0;
        while (System.nanoTime() < spin) {
            x += Math.sqrt(x + 1);
        }
        ProcessStats after = ProcessStats.of(ProcessHandle.current().pid());
        assertTrue(x > 0);
        assertTrue(after.cpuSince(before) > 0.05, "CPU " + after.cpuSince(before));
        assertTrue(after.rssBytes() > 10 << 20 && after.peakRssBytes() >= after.rssBytes());
    }
}
