package io.wattshift.testbed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a test bed starts with. Two equal configs share one control plane when scoped to the suite.
 *
 * @param halls             fake GPU nodes created at start, per hall
 * @param nodesPerRack      nodes to a rack (label {@code wattshift.io/rack}: r01, r02, ...)
 * @param gpusPerNode       {@code nvidia.com/gpu} capacity of each node
 * @param gpuModel          label {@code nvidia.com/gpu.product}
 * @param crdDir            CRD folder applied at start; empty: the repository's {@code crds/} when it has YAML
 * @param applyCrds         false to start without any CRD
 * @param controllerManager run kube-controller-manager (namespace deletion, GC, Jobs, service accounts)
 * @param kubeScheduler     run kube-scheduler, which binds pods whose schedulerName is default-scheduler
 * @param sharedPerSuite    one control plane for every test class with an equal config, stopped when the run ends
 */
public record ControlPlaneConfig(List<HallNodes> halls, int nodesPerRack, int gpusPerNode, String gpuModel,
        Optional<Path> crdDir, boolean applyCrds, boolean controllerManager, boolean kubeScheduler,
        boolean sharedPerSuite) {

    public ControlPlaneConfig {
        halls = List.copyOf(halls);
        if (nodesPerRack < 1 || gpusPerNode < 0) {
            throw new IllegalArgumentException("nodesPerRack must be >= 1 and gpusPerNode >= 0");
        }
    }

    /** The binaries this config needs (kubectl and helm too: e2e/cluster and the helpers use them). */
    List<String> binaries() {
        List<String> binaries = new ArrayList<>(List.of("etcd", "kube-apiserver", "kwok", "kubectl", "helm"));
        if (controllerManager) {
            binaries.add("kube-controller-manager");
        }
        if (kubeScheduler) {
            binaries.add("kube-scheduler");
        }
        return List.copyOf(binaries);
    }
}
