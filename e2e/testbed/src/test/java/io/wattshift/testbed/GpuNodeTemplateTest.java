package io.wattshift.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuNodeTemplateTest {

    private final GpuNodeTemplate template = GpuNodeTemplate.load(
            new TestbedLayout(TestbedLayout.findRepoRoot(Path.of("").toAbsolutePath()), Path.of("unused")),
            new KubernetesSerialization());

    @Test
    void nodesAreNamedAndRackedLikeTheClusterScript() {
        ControlPlaneConfig shape = ControlPlane.builder().nodesPerRack(2).gpusPerNode(4)
                .gpuModel("NVIDIA-A100-SXM4-80GB").config();
        List<Node> nodes = template.nodes(new HallNodes("hall-b", 3), shape);
        assertEquals(List.of("hall-b-r01-n001", "hall-b-r01-n002", "hall-b-r02-n003"),
                nodes.stream().map(node -> node.getMetadata().getName()).toList());
        Node third = nodes.get(2);
        Map<String, String> labels = third.getMetadata().getLabels();
        assertEquals("hall-b", labels.get("wattshift.io/hall"));
        assertEquals("r02", labels.get("wattshift.io/rack"));
        assertEquals("NVIDIA-A100-SXM4-80GB", labels.get("nvidia.com/gpu.product"));
        assertEquals("fake", third.getMetadata().getAnnotations().get("kwok.x-k8s.io/node"));
        assertEquals(new Quantity("4"), third.getStatus().getCapacity().get("nvidia.com/gpu"));
        assertEquals(new Quantity("4"), third.getStatus().getAllocatable().get("nvidia.com/gpu"));
    }

    @Test
    void aVariableWithoutValueIsAnErrorNotAnEmptyString() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> template.render(Map.of("NAME", "n1")));
        assertTrue(e.getMessage().contains("${"), e.getMessage());
    }
}
