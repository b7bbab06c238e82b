package io.wattshift.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void equalBuildersMakeEqualConfigsSoSuiteScopedClassesShareOneControlPlane() {
        assertEquals(ControlPlane.builder().gpuNodes("hall-a", 2).sharedPerSuite().config(),
                ControlPlane.builder().gpuNodes("hall-a", 2).sharedPerSuite().config());
        assertNotEquals(ControlPlane.builder().gpuNodes("hall-a", 2).config(),
                ControlPlane.builder().gpuNodes("hall-a", 3).config());
    }

    @Test
    void controllerManagerIsRequiredOnlyWhenItRuns() {
        assertTrue(ControlPlane.builder().config().binaries().contains("kube-controller-manager"));
        assertEquals(List.of("etcd", "kube-apiserver", "kwok", "kubectl", "helm"),
                ControlPlane.builder().withoutControllerManager().config().binaries());
        assertTrue(ControlPlane.builder().withKubeScheduler().config().binaries().contains("kube-scheduler"));
        assertFalse(ControlPlane.builder().config().binaries().contains("kube-scheduler"));
    }

    @Test
    void hallNamesMustBeDnsLabelsAndCountsPositive() {
        assertThrows(IllegalArgumentException.class, () -> new HallNodes("Hall A", 1));
        assertThrows(IllegalArgumentException.class, () -> new HallNodes("hall-a", 0));
        assertEquals("hall-a", new HallNodes("hall-a", 1).hall());
    }

    @Test
    void aFailedCommandThrowsWithItsOutput() {
        CommandResult failed = new CommandResult(List.of("kubectl", "get", "x"), 1, "", "error: the server "
                + "doesn't have a resource type \"x\"");
        CommandFailedException e = assertThrows(CommandFailedException.class, failed::orThrow);
        assertTrue(e.getMessage().contains("kubectl get x exited 1") && e.getMessage().contains("resource type"),
                e.getMessage());
        assertEquals(failed, new CommandResult(List.of("kubectl", "get", "x"), 1, "", failed.stderr()));
    }
}
