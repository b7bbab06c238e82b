package io.wattshift.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test bed leaves no process behind: after close(), and when the process that owns it dies. */
@Tag("e2e")
class TeardownE2E {

    private static TestbedLayout layout;

    @BeforeAll
    static void binaries() {
        layout = TestbedLayout.locate();
        Prerequisites.check(layout, List.of("etcd", "kube-apiserver", "kwok", "kubectl"));
    }

    @Test
    void closeStopsEveryProcessOfTheControlPlane() {
        RunningControlPlane plane = ControlPlane.builder().noCrds().withoutControllerManager().start();
        List<ProcessHandle> processes = processGroups(plane.runDir());
        assertEquals(3, processes.size(), "etcd, kube-apiserver, kwok guards");
        assertTrue(processes.stream().allMatch(ProcessHandle::isAlive));

        plane.close();

        assertTrue(processes.stream().noneMatch(ProcessHandle::isAlive));
        assertFalse(Files.exists(plane.runDir().resolve("etcd-data")));
        assertTrue(Files.exists(plane.runDir().resolve("kube-apiserver.log")), "logs are kept");
    }

    @Test
    void componentsStopWhenTheirOwnerProcessDies(@TempDir Path dir) throws Exception {
        Process owner = new ProcessBuilder("sleep", "600").start();
        try {
            RunningControlPlane.cluster(layout, List.of("up", "--dir", dir.toString(), "--owner",
                    Long.toString(owner.pid()), "--crds", "none", "--no-controller-manager")).orThrow();
            List<ProcessHandle> processes = processGroups(dir);
            List<ProcessHandle> all = Stream.concat(processes.stream(),
                    processes.stream().flatMap(ProcessHandle::descendants)).toList();
            List<String> components = all.stream().map(p -> p.info().command().orElse(""))
                    .map(command -> Path.of(command).getFileName().toString())
                    .filter(name -> List.of("etcd", "kube-apiserver", "kwok").contains(name)).sorted().toList();
            assertEquals(List.of("etcd", "kube-apiserver", "kwok"), components);

            owner.destroyForcibly().waitFor();

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(all.stream().noneMatch(ProcessHandle::isAlive), "still alive: "
                    + all.stream().filter(ProcessHandle::isAlive).toList());
        } finally {
            owner.destroyForcibly();
            RunningControlPlane.down(layout, dir);
        }
    }

    private static List<ProcessHandle> processGroups(Path runDir) {
        try (Stream<Path> files = Files.list(runDir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".pid"))
                    .map(TeardownE2E::readPid)
                    .flatMap(pid -> ProcessHandle.of(pid).stream())
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
