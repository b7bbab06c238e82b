package io.wattshift.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Tag("e2e")
class ThousandNodesE2E {

    private static final Logger LOG = LoggerFactory.getLogger(ThousandNodesE2E.class);

    @RegisterExtension
    static final ControlPlane cluster = ControlPlane.builder().noCrds().nodesPerRack(8).build();

    @Test
    void thousandFakeGpuNodesRegisterAndBecomeReadyWithinAMinute() {
        long start = System.nanoTime();
        List<String> names = cluster.addGpuNodes("hall-k", 1000);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("1000 fake GPU nodes created and Ready in {} ms", took.toMillis());

        assertEquals(1000, names.size());
        List<Node> nodes = cluster.client().nodes().withLabel("wattshift.io/hall", "hall-k").list().getItems();
        assertEquals(1000, nodes.size());
        long ready = nodes.stream().filter(node -> node.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))).count();
        assertEquals(1000, ready);
        assertEquals(125, nodes.stream().map(node -> node.getMetadata().getLabels().get("wattshift.io/rack"))
                .distinct().count());
        assertTrue(took.compareTo(Duration.ofMinutes(1)) < 0, "took " + took);
    }
}
