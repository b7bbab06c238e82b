package io.wattshift.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestbedLayoutTest {

    @Test
    void findsTheRepositoryAboveTheModuleAndAsksTheBuildScriptForTheBinaryFolder() {
        TestbedLayout layout = TestbedLayout.locate();
        assertTrue(Files.isExecutable(layout.clusterScript()), layout.toString());
        String folder = layout.binDir().getParent().getFileName().toString();
        assertTrue(folder.startsWith("testbed-k8sv1.35.4-etcdv3.6.16-kwokv0.8.0-helmv4") || System.getenv()
                .containsKey("WATTSHIFT_TESTBED_HOME"), folder);
        assertEquals("bin", layout.binDir().getFileName().toString());
    }

    @Test
    void aFolderOutsideTheRepositoryIsAClearError(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestbedLayout.findRepoRoot(dir));
        assertTrue(e.getMessage().contains(TestbedLayout.REPO_ROOT_PROPERTY), e.getMessage());
    }
}
