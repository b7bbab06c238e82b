package io.wattshift.daemon.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wattshift.wire.GpuInventory;
import io.wattshift.wire.NodeKeys;
import io.wattshift.wire.WireCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Writes the GPU facts on this daemon's Node at start-up ({@link NodeKeys}): the scheduler then knows a node's GPU
 * model, count and nameplate power before its first sample. Uses {@code get} and {@code patch} on
 * {@code nodes} (see node-daemon/rbac-rules.yaml). Blocking: call on a worker thread.
 */
public final class NodeLabeler {
    private final KubernetesClient client;

    public NodeLabeler(KubernetesClient client) {
        this.client = client;
    }

    /** The labels for these GPUs. */
    public static Map<String, String> labels(List<GpuInventory> gpus, boolean capping) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NodeKeys.LABEL_GPU_COUNT, Integer.toString(gpus.size()));
        labels.put(NodeKeys.LABEL_CAPPING, Boolean.toString(capping));
        model(gpus).ifPresent(m -> labels.put(NodeKeys.LABEL_GPU_MODEL, NodeKeys.labelValue(m)));
        return labels;
    }

    /** The annotations for these GPUs: exact model name, driver and power limits in whole watts. */
    public static Map<String, String> annotations(List<GpuInventory> gpus, String driverVersion) {
        Map<String, String> annotations = new LinkedHashMap<>();
        model(gpus).ifPresent(m -> annotations.put(NodeKeys.ANNOTATION_GPU_MODEL, m));
        if (!driverVersion.isEmpty()) {
            annotations.put(NodeKeys.ANNOTATION_DRIVER_VERSION, driverVersion);
        }
        putWatts(annotations, NodeKeys.ANNOTATION_POWER_MIN_WATTS, gpus, GpuInventory::minPowerLimitMilliwatts, false);
        putWatts(annotations, NodeKeys.ANNOTATION_POWER_DEFAULT_WATTS, gpus, GpuInventory::defaultPowerLimitMilliwatts, true);
        putWatts(annotations, NodeKeys.ANNOTATION_POWER_MAX_WATTS, gpus, GpuInventory::maxPowerLimitMilliwatts, true);
        return annotations;
    }

    /** Merges the labels and annotations into the Node (other keys stay as they are). */
    public Node label(String nodeName, List<GpuInventory> gpus, String driverVersion, boolean capping) {
        Map<String, String> labels = labels(gpus, capping);
        Map<String, String> annotations = annotations(gpus, driverVersion);
        return client.nodes().withName(nodeName).edit(n -> new NodeBuilder(n).editMetadata()
                .addToLabels(labels).addToAnnotations(annotations).endMetadata().build());
    }

    private static java.util.Optional<String> model(List<GpuInventory> gpus) {
        return gpus.stream().map(GpuInventory::name).filter(n -> !n.isEmpty()).findFirst();
    }

    /** Placement reads these conservatively: the lowest minimum, the highest default and maximum. */
    private static void putWatts(Map<String, String> out, String key, List<GpuInventory> gpus,
                                 ToLongFunction<GpuInventory> field, boolean highest) {
        var values = gpus.stream().mapToLong(field).filter(v -> v != WireCodec.ABSENT);
        var chosen = highest ? values.max() : values.min();
        if (chosen.isPresent()) {
            out.put(key, Long.toString(Math.round(chosen.getAsLong() / 1000.0)));
        }
    }
}
