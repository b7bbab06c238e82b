package io.wattshift.testbed;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearProperty() {
        System.clearProperty(Prerequisites.REQUIRED_PROPERTY);
    }

    @Test
    void missingBinariesSkipTheTestAndNameTheBuildScript() {
        TestbedLayout layout = new TestbedLayout(dir, dir.resolve("bin"));
        TestAbortedException aborted = assertThrows(TestAbortedException.class,
                () -> Prerequisites.check(layout, List.of("etcd", "kube-apiserver")));
        assertTrue(aborted.getMessage().contains("etcd, kube-apiserver"), aborted.getMessage());
        assertTrue(aborted.getMessage().contains("e2e/build-testbed.sh"), aborted.getMessage());
    }

    @Test
    void missingBinariesFailTheTestWhenE2eIsRequired() {
        System.setProperty(Prerequisites.REQUIRED_PROPERTY, "true");
        TestbedLayout layout = new TestbedLayout(dir, dir.resolve("bin"));
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> Prerequisites.check(layout, List.of("kwok")));
        assertTrue(failed.getMessage().contains("kwok") && failed.getMessage().contains("e2e/build-testbed.sh"),
                failed.getMessage());
    }

    @Test
    void builtBinariesPass() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createFile(bin.resolve("etcd"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        TestbedLayout layout = new TestbedLayout(dir, bin);
        // openssl, curl, setsid and bash are on this machine's PATH; this checks only the binary half.
        if (Prerequisites.TOOLS.stream().allMatch(Prerequisites::onPath)) {
            assertDoesNotThrow(() -> Prerequisites.check(layout, List.of("etcd")));
        }
        assertTrue(layout.missingBinaries(List.of("etcd", "kwok")).equals(List.of("kwok")));
    }
}
