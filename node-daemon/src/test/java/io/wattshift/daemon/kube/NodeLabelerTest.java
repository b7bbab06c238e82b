package io.wattshift.daemon.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.wattshift.wire.GpuInventory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class NodeLabelerTest {
    KubernetesClient client;

    private static GpuInventory gpu(int i, long min, long def, long max) {
        return new GpuInventory(i, "GPU-" + i, "NVIDIA H100 80GB HBM3", "bus", min, def, max, 87, 92, 80L << 30);
    }

    @Test
    void labelsAndAnnotatesTheNodeAndKeepsItsOtherLabels() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("gpu-node-1")
                .addToLabels("nvidia.com/gpu.present", "true").endMetadata().build()).create();
        List<GpuInventory> gpus = List.of(gpu(0, 200_000, 700_000, 700_000), gpu(1, 150_000, 700_000, 700_000));

        new NodeLabeler(client).label("gpu-node-1", gpus, "570.86.15", true);

        Node node = client.nodes().withName("gpu-node-1").get();
        assertEquals(Map.of("nvidia.com/gpu.present", "true", "wattshift.io/gpu-count", "2",
                "wattshift.io/gpu-model", "NVIDIA-H100-80GB-HBM3", "wattshift.io/gpu-capping", "true"), node.getMetadata().getLabels());
        assertEquals(Map.of("wattshift.io/gpu-model", "NVIDIA H100 80GB HBM3", "wattshift.io/nvidia-driver-version", "570.86.15",
                "wattshift.io/gpu-power-min-watts", "150", "wattshift.io/gpu-power-default-watts", "700",
                "wattshift.io/gpu-power-max-watts", "700"), node.getMetadata().getAnnotations());
    }

    @Test
    void limitsAGpuDoesNotReportAreLeftOut() {
        Map<String, String> a = NodeLabeler.annotations(List.of(gpu(0, -1, 70_000, -1)), "");
        assertEquals(Map.of("wattshift.io/gpu-model", "NVIDIA H100 80GB HBM3", "wattshift.io/gpu-power-default-watts", "70"), a);
    }
}
