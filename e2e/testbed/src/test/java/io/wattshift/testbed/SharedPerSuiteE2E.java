package io.wattshift.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Two test classes with an equal suite-scoped config share one control plane, which stops when the run ends. The
 * classes are nested (failsafe skips nested classes) and run here in their own engine run.
 */
@Tag("e2e")
class SharedPerSuiteE2E {

    private static final List<Path> RUN_DIRS = new CopyOnWriteArrayList<>();

    @Test
    void classesWithAnEqualConfigShareOneControlPlaneStoppedWhenTheRunEnds() {
        RUN_DIRS.clear();
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(First.class), selectClass(Second.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2));

        assertEquals(2, RUN_DIRS.size());
        assertEquals(RUN_DIRS.get(0), RUN_DIRS.get(1), "one control plane for both classes");
        Path run = RUN_DIRS.get(0);
        assertFalse(Files.exists(run.resolve("cluster.env")), "stopped when the engine run ended");
        assertTrue(Files.exists(run.resolve("kube-apiserver.log")));
    }

    private static ControlPlane shared() {
        return ControlPlane.builder().noCrds().withoutControllerManager().gpuNodes("hall-s", 1).sharedPerSuite()
                .build();
    }

    static class First {
        @RegisterExtension
        static final ControlPlane cluster = shared();

        @Test
        void seesTheNode() {
            RUN_DIRS.add(cluster.running().runDir());
            assertEquals(1, cluster.client().nodes().withLabel("wattshift.io/hall", "hall-s").list().getItems().size());
        }
    }

    static class Second {
        @RegisterExtension
        static final ControlPlane cluster = shared();

        @Test
        void seesTheSameNode() {
            RUN_DIRS.add(cluster.running().runDir());
            assertTrue(cluster.kubectl("get", "node", "hall-s-r01-n001").succeeded());
        }
    }
}
