package io.wattshift.testbed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaultsAreTheSmallScenarioWithEveryRunAndTheChartsJvm() {
        BenchOptions o = BenchOptions.parse(new String[0], ROOT);
        assertEquals(500, o.nodes());
        assertEquals(2000, o.pods());
        assertEquals(0, o.gang());
        assertEquals(1, o.gpusPerPod());
        assertEquals(List.of("kube-scheduler", "kube-scheduler-defaults", "wattshift"), o.schedulers());
        assertEquals(BenchOptions.CHART_JAVA_OPTS, o.wattshiftJavaOpts());
        assertEquals(ROOT.resolve("scheduler/app/target/wattshift-scheduler.jar"), o.schedulerJar());
    }

    @Test
    void gangsAreWholeNodePods() {
        BenchOptions o = BenchOptions.parse(new String[] {"--nodes", "1600", "--pods", "1600", "--gang", "8",
            "--only", "wattshift", "--java-opts", "-Xmx256m -XX:+UseSerialGC", "--scheduler-arg", "--resync=60s"}, ROOT);
        assertEquals(8, o.gpusPerPod());
        assertEquals(List.of("wattshift"), o.schedulers());
        assertEquals(List.of("-Xmx256m", "-XX:+UseSerialGC"), o.wattshiftJavaOpts());
        assertEquals(List.of("--resync=60s"), o.wattshiftArgs());
    }

    @Test
    void badInputIsRefusedNamingTheOption() {
        assertMessage("--pods needs a whole number, not 'many'", "--pods", "many");
        assertMessage("--nodes must be positive, not 0", "--nodes", "0");
        assertMessage("--pods 10 is not a whole number of gangs of 8", "--pods", "10", "--gang", "8");
        assertMessage("unknown run 'volcano'", "--only", "volcano");
        assertMessage("unknown option --podz", "--podz", "3");
        assertMessage("--nodes needs a value", "--nodes");
        assertMessage("--power-percent must be 0 (never binds) to 100, not 120", "--power-percent", "120");
        assertMessage("100 pods of 8 GPUs do not fit on 10 nodes", "--nodes", "10", "--pods", "100", "--gang", "4");
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(args, ROOT));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
