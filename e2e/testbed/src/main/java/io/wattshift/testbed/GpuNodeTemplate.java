package io.wattshift.testbed;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fake GPU nodes from {@code e2e/config/gpu-node.yaml}, the template {@code e2e/cluster nodes} fills too. Names and
 * racks follow the script: {@code <hall>-r<rack>-n<index>}, index from 1, {@code nodesPerRack} nodes to a rack.
 */
final class GpuNodeTemplate {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+)}");

    private final String template;
    private final KubernetesSerialization serialization;

    GpuNodeTemplate(String template, KubernetesSerialization serialization) {
        this.template = template;
        this.serialization = serialization;
    }

    static GpuNodeTemplate load(TestbedLayout layout, KubernetesSerialization serialization) {
        try {
            return new GpuNodeTemplate(Files.readString(layout.repoRoot().resolve(Path.of("e2e/config/gpu-node.yaml"))),
                    serialization);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The nodes of one hall, in index order. */
    List<Node> nodes(HallNodes hall, ControlPlaneConfig shape) {
        List<Node> nodes = new ArrayList<>(hall.count());
        for (int index = 1; index <= hall.count(); index++) {
            String rack = String.format("r%02d", (index - 1) / shape.nodesPerRack() + 1);
            String name = String.format("%s-%s-n%03d", hall.hall(), rack, index);
            nodes.add(serialization.unmarshal(render(Map.of("NAME", name, "HALL", hall.hall(), "RACK", rack,
                    "GPU_MODEL", shape.gpuModel(), "GPUS", Integer.toString(shape.gpusPerNode()),
                    "CPUS", "128", "MEMORY", "2Ti")), Node.class));
        }
        return nodes;
    }

    /** Fills every {@code ${VAR}} outside comments; a variable with no value is an error, as in e2e/cluster. */
    String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (String line : template.split("\n", -1)) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            Matcher matcher = VARIABLE.matcher(line);
            StringBuilder rendered = new StringBuilder();
            while (matcher.find()) {
                String value = values.get(matcher.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("gpu-node.yaml uses ${" + matcher.group(1) + "}, not set");
                }
                matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(rendered);
            out.append(rendered).append('\n');
        }
        return out.toString();
    }
}
