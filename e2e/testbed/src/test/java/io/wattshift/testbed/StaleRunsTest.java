package io.wattshift.testbed;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs e2e/cluster down on real (sleep) processes; needs no test-bed binaries. */
class StaleRunsTest {

    @TempDir
    Path base;

    private final TestbedLayout layout = TestbedLayout.locate();

    @Test
    void aRunWhoseOwnerDiedIsStoppedAndItsLogsKept() throws Exception {
        Path run = Files.createDirectory(base.resolve("dead-owner"));
        Process etcd = startInOwnGroup(run, "etcd");
        Files.writeString(run.resolve("owner"), Long.toString(deadPid()));
        Files.writeString(run.resolve("etcd.log"), "log line");

        StaleRuns.reap(base, layout);

        assertTrue(etcd.waitFor(10, TimeUnit.SECONDS), "the leftover process was stopped");
        assertTrue(Files.exists(run.resolve("etcd.log")), "logs are kept for a day");
    }

    @Test
    void aRunWhoseOwnerLivesIsLeftAlone() throws Exception {
        Path run = Files.createDirectory(base.resolve("live-owner"));
        Process etcd = startInOwnGroup(run, "etcd");
        try {
            Files.writeString(run.resolve("owner"), Long.toString(ProcessHandle.current().pid()));

            StaleRuns.reap(base, layout);

            assertFalse(etcd.waitFor(1, TimeUnit.SECONDS), "a running test's control plane is not touched");
        } finally {
            etcd.destroyForcibly();
        }
    }

    @Test
    void runsOlderThanADayAreDeleted() throws Exception {
        Path run = Files.createDirectory(base.resolve("old"));
        Files.writeString(run.resolve("owner"), Long.toString(deadPid()));
        Files.writeString(run.resolve("kwok.log"), "old");
        Files.setLastModifiedTime(run, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        StaleRuns.reap(base, layout);

        assertFalse(Files.exists(run));
    }

    /** A stand-in component: its own process group, its pid in {@code <name>.pid}, as e2e/cluster leaves them. */
    private static Process startInOwnGroup(Path run, String name) throws Exception {
        Process process = new ProcessBuilder("setsid", "sleep", "600").start();
        Files.writeString(run.resolve(name + ".pid"), Long.toString(process.pid()));
        return process;
    }

    private static long deadPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        return gone.pid();
    }
}
