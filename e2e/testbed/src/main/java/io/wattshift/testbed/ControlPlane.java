package io.wattshift.testbed;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * JUnit 5 extension that gives a test class a real control plane (etcd, kube-apiserver, kube-controller-manager,
 * kwok with fake GPU nodes). Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ControlPlane cluster = ControlPlane.builder().gpuNodes("hall-a", 4).gpuNodes("hall-b", 4).build();
 *
 * @Test
 * void bindsAPod() {
 *     KubernetesClient client = cluster.client();
 *     cluster.kubectl("get", "nodes").orThrow();
 * }
 * }</pre>
 *
 * <p>It starts before the class's first test and stops after its last one; with {@link Builder#sharedPerSuite()}
 * classes with an equal config share one control plane, stopped when the test run ends. When the binaries are not
 * built the class is skipped, or fails under {@code -Dwattshift.e2e.required=true} (see {@link Prerequisites}).
 * The accessors below may be called from any thread once the class has started.
 */
public final class ControlPlane implements BeforeAllCallback {

    private static final Namespace NAMESPACE = Namespace.create(ControlPlane.class);

    private final ControlPlaneConfig config;
    private volatile RunningControlPlane running;

    private ControlPlane(ControlPlaneConfig config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        TestbedLayout layout = TestbedLayout.locate();
        Prerequisites.check(layout, config.binaries());
        // The store closes the control plane (an AutoCloseable) when its context ends: the class, or the whole run.
        ExtensionContext.Store store = config.sharedPerSuite()
                ? context.getRoot().getStore(NAMESPACE)
                : context.getStore(NAMESPACE);
        Object key = config.sharedPerSuite() ? config : this;
        running = store.getOrComputeIfAbsent(key, k -> RunningControlPlane.start(layout, config),
                RunningControlPlane.class);
    }

    /** The started control plane, for anything the shortcuts below do not cover. */
    public RunningControlPlane running() {
        RunningControlPlane plane = running;
        if (plane == null) {
            throw new IllegalStateException("the control plane is not started: register ControlPlane with "
                    + "@RegisterExtension on a static field and use it from tests or @BeforeAll/@BeforeEach");
        }
        return plane;
    }

    public ControlPlaneConfig config() {
        return config;
    }

    /** @see RunningControlPlane#client() */
    public KubernetesClient client() {
        return running().client();
    }

    /** @see RunningControlPlane#kubeconfig() */
    public Path kubeconfig() {
        return running().kubeconfig();
    }

    /** @see RunningControlPlane#kubectl(String...) */
    public CommandResult kubectl(String... args) {
        return running().kubectl(args);
    }

    /** @see RunningControlPlane#helm(String...) */
    public CommandResult helm(String... args) {
        return running().helm(args);
    }

    /** @see RunningControlPlane#addGpuNodes(String, int) */
    public List<String> addGpuNodes(String hall, int count) {
        return running().addGpuNodes(hall, count);
    }

    /** Builds a {@link ControlPlane}; defaults: no nodes, 4 nodes to a rack, 8 H100 GPUs a node, crds/ applied. */
    public static final class Builder {
        private final List<HallNodes> halls = new ArrayList<>();
        private int nodesPerRack = 4;
        private int gpusPerNode = 8;
        private String gpuModel = "NVIDIA-H100-80GB-HBM3";
        private Optional<Path> crdDir = Optional.empty();
        private boolean applyCrds = true;
        private boolean controllerManager = true;
        private boolean kubeScheduler;
        private boolean sharedPerSuite;

        private Builder() {
        }

        /** Creates {@code count} fake GPU nodes in {@code hall} at start and waits until they are Ready. */
        public Builder gpuNodes(String hall, int count) {
            halls.add(new HallNodes(hall, count));
            return this;
        }

        public Builder nodesPerRack(int nodesPerRack) {
            this.nodesPerRack = nodesPerRack;
            return this;
        }

        public Builder gpusPerNode(int gpusPerNode) {
            this.gpusPerNode = gpusPerNode;
            return this;
        }

        /** The {@code nvidia.com/gpu.product} label, e.g. {@code NVIDIA-A100-SXM4-80GB}. */
        public Builder gpuModel(String gpuModel) {
            this.gpuModel = gpuModel;
            return this;
        }

        /** Applies the CRDs in {@code dir} at start instead of the repository's {@code crds/}. */
        public Builder crds(Path dir) {
            this.crdDir = Optional.of(dir);
            this.applyCrds = true;
            return this;
        }

        /** Starts without applying any CRD. */
        public Builder noCrds() {
            this.crdDir = Optional.empty();
            this.applyCrds = false;
            return this;
        }

        /** Runs without kube-controller-manager (faster start; no namespace deletion, GC or workload controllers). */
        public Builder withoutControllerManager() {
            this.controllerManager = false;
            return this;
        }

        /**
         * Also runs kube-scheduler: pods of Deployments, Jobs and DaemonSets (schedulerName default-scheduler) are
         * then bound and kwok runs them. Wattshift's own pods (schedulerName wattshift) are left to Wattshift.
         */
        public Builder withKubeScheduler() {
            this.kubeScheduler = true;
            return this;
        }

        /** Shares one control plane among all test classes with an equal config; it stops when the run ends. */
        public Builder sharedPerSuite() {
            this.sharedPerSuite = true;
            return this;
        }

        public ControlPlaneConfig config() {
            return new ControlPlaneConfig(halls, nodesPerRack, gpusPerNode, gpuModel, crdDir, applyCrds,
                    controllerManager, kubeScheduler, sharedPerSuite);
        }

        public ControlPlane build() {
            return new ControlPlane(config());
        }

        /** Starts a control plane outside JUnit (a main, a benchmark); the caller closes it. */
        public RunningControlPlane start() {
            return RunningControlPlane.start(TestbedLayout.locate(), config());
        }
    }
}
