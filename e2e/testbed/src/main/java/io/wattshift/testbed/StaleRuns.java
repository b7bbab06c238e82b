package io.wattshift.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after test runs that died: a run folder whose owner JVM is gone gets {@code e2e/cluster down} (its
 * guards normally stopped everything already; this catches guards that were killed too), and run folders older than
 * a day are deleted with their logs.
 */
final class StaleRuns {

    private static final Logger LOG = LoggerFactory.getLogger(StaleRuns.class);
    private static final Duration KEEP_LOGS = Duration.ofDays(1);

    private StaleRuns() {
    }

    static void reap(Path base, TestbedLayout layout) {
        if (!Files.isDirectory(base)) {
            return;
        }
        List<Path> runs;
        try (Stream<Path> list = Files.list(base)) {
            runs = list.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            LOG.warn("cannot list {}", base, e);
            return;
        }
        for (Path run : runs) {
            if (ownerAlive(run)) {
                continue;
            }
            if (Files.exists(run.resolve("cluster.env")) || hasPidFiles(run)) {
                LOG.info("stopping the leftover test bed in {} (its JVM is gone)", run);
                RunningControlPlane.down(layout, run);
            }
            if (olderThan(run, KEEP_LOGS)) {
                deleteTree(run);
            }
        }
    }

    private static boolean ownerAlive(Path run) {
        try {
            long pid = Long.parseLong(Files.readString(run.resolve("owner")).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static boolean hasPidFiles(Path run) {
        try (Stream<Path> files = Files.list(run)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".pid"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean olderThan(Path run, Duration age) {
        try {
            FileTime modified = Files.getLastModifiedTime(run);
            return modified.toInstant().isBefore(Instant.now().minus(age));
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path run) {
        try (Stream<Path> files = Files.walk(run)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot delete {}", run, e);
        }
    }
}
