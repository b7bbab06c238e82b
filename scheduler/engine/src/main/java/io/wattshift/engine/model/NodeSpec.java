package io.wattshift.engine.model;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A GPU node.
 *
 * @param name          stable id (the Kubernetes node name)
 * @param hall          hall it stands in
 * @param rack          rack (PDU) it draws from
 * @param gpus          its GPUs, index = position in this list
 * @param hostOverheadW CPU, memory, NICs and fans at load, W; committed in proportion to the GPUs a pod takes
 * @param facts         labels, taints, allocatable resources and other schedulers' pods ({@link NodeFacts#NONE}
 *                      when not known); a change of facts alone updates the node in place, its pods stay
 */
public record NodeSpec(String name, String hall, String rack, List<GpuSpec> gpus, double hostOverheadW,
                       NodeFacts facts) {
    public NodeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hall, "hall");
        Objects.requireNonNull(rack, "rack");
        gpus = List.copyOf(gpus);
        if (gpus.isEmpty()) {
            throw new IllegalArgumentException("node " + name + " has no GPUs");
        }
        Checks.nonNegative(hostOverheadW, "hostOverheadW");
        facts = facts == null ? NodeFacts.NONE : facts;
        if (facts.foreignGpus() > gpus.size()) {
            throw new IllegalArgumentException("node " + name + ": other pods hold " + facts.foreignGpus()
                + " GPUs of " + gpus.size());
        }
    }

    /** A node whose labels, taints and resources are not known (the simulator's, the benchmark's). */
    public NodeSpec(String name, String hall, String rack, List<GpuSpec> gpus, double hostOverheadW) {
        this(name, hall, rack, gpus, hostOverheadW, NodeFacts.NONE);
    }

    /** The same node with {@code f} as its facts. */
    public NodeSpec withFacts(NodeFacts f) {
        return new NodeSpec(name, hall, rack, gpus, hostOverheadW, f);
    }

    /** A node of {@code count} identical GPUs. */
    public static NodeSpec uniform(String name, String hall, String rack, int count, GpuSpec gpu, double hostW) {
        return new NodeSpec(name, hall, rack, Collections.nCopies(count, gpu), hostW);
    }
}
