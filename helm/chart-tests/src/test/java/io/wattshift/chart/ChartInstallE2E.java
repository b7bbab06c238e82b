package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wattshift.testbed.CommandResult;
import io.wattshift.testbed.ControlPlane;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The platform team's path on a real control plane (kube-apiserver with RBAC and Pod Security admission,
 * kube-controller-manager, kwok GPU nodes): helm install, upgrade and uninstall of the chart, the examples applied
 * with kubectl. No kubelet runs images here, so pods are created and admitted but never start.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartInstallE2E {

    static final String NS = "wattshift-system";
    static final String RELEASE = "ws";
    static final String SCHEDULER_SA = "system:serviceaccount:" + NS + ":ws-wattshift-scheduler";
    static final String DAEMON_SA = "system:serviceaccount:" + NS + ":ws-wattshift-node-daemon";

    // The chart installs the CRDs itself, so the control plane starts without them.
    @RegisterExtension
    static final ControlPlane cluster = ControlPlane.builder().gpuNodes("hall-a", 2).noCrds().build();

    @BeforeAll
    static void prepareGpuNodesAndARestrictedNamespace() {
        // What NVIDIA's feature discovery and a cluster admin do on real GPU nodes: label and taint them.
        cluster.kubectl("label", "nodes", "-l", "wattshift.io/hall=hall-a", "nvidia.com/gpu.present=true").orThrow();
        cluster.kubectl("taint", "nodes", "-l", "wattshift.io/hall=hall-a", "nvidia.com/gpu=present:NoSchedule")
                .orThrow();
        // The NVIDIA GPU operator creates this RuntimeClass; admission rejects pods that name a missing one.
        cluster.running().kubectlWithInput("""
                apiVersion: node.k8s.io/v1
                kind: RuntimeClass
                metadata:
                  name: nvidia
                handler: nvidia
                """, "apply", "-f", "-").orThrow();
        cluster.kubectl("create", "namespace", NS).orThrow();
        cluster.kubectl("label", "namespace", NS, "pod-security.kubernetes.io/enforce=restricted").orThrow();
    }

    static CommandResult helm(String... args) {
        CommandResult result = cluster.helm(args);
        assertTrue(result.succeeded(), result::toString);
        return result;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; now: " + state.get());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    static List<Pod> pods(String component) {
        return cluster.client().pods().inNamespace(NS).withLabel("app.kubernetes.io/component", component).list()
                .getItems();
    }

    static DaemonSet daemonSet() {
        return cluster.client().apps().daemonSets().inNamespace(NS).withName("ws-wattshift-node-daemon").get();
    }

    static boolean can(String serviceAccount, String verb, String resource) {
        CommandResult result = cluster.kubectl("auth", "can-i", verb, resource, "--as", serviceAccount);
        return result.stdout().strip().equals("yes");
    }

    @Test
    @Order(1)
    void installsReadOnlyTelemetryIntoAPodSecurityRestrictedNamespace() {
        helm("install", RELEASE, RepoPaths.chart().toString(), "--namespace", NS,
                "--set", "nodeDaemon.capping.enabled=false");

        KubernetesClient client = cluster.client();
        assertEquals(5, client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                .filter(crd -> crd.getSpec().getGroup().equals("wattshift.io")).count());
        // The controllers create the pods; admission under "restricted" accepts them, or no pod would appear.
        await("2 scheduler pods", Duration.ofSeconds(60), () -> pods("scheduler").size() == 2,
                () -> cluster.kubectl("get", "events", "-n", NS).stdout());
        await("a node daemon on each tainted GPU node", Duration.ofSeconds(60),
                () -> pods("node-daemon").size() == 2,
                () -> cluster.kubectl("get", "events", "-n", NS).stdout());
        assertEquals(2, daemonSet().getStatus().getDesiredNumberScheduled());
    }

    @Test
    @Order(2)
    void theServiceAccountsHoldOnlyWhatTheCodeUses() {
        assertTrue(can(SCHEDULER_SA, "create", "pods/binding"));
        assertTrue(can(SCHEDULER_SA, "watch", "gpujobs.wattshift.io"));
        assertTrue(can(SCHEDULER_SA, "create", "tokenreviews.authentication.k8s.io"));
        assertFalse(can(SCHEDULER_SA, "delete", "nodes"));
        assertFalse(can(SCHEDULER_SA, "create", "clusterrolebindings"));
        assertFalse(can(DAEMON_SA, "get", "secrets"));
        assertFalse(can(DAEMON_SA, "create", "pods"));
    }

    @Test
    @Order(3)
    void tenantsSeeTheExamplesWithKubectl() {
        // Pods need the namespace's default ServiceAccount, which the controller manager creates shortly after start.
        await("the default ServiceAccount", Duration.ofSeconds(60),
                () -> cluster.kubectl("get", "serviceaccount", "default", "-n", "default").succeeded(), () -> "");
        cluster.kubectl("apply", "-f", RepoPaths.root().resolve("examples").toString()).orThrow();
        cluster.kubectl("apply", "-f", RepoPaths.root().resolve("examples/retrofit").toString()).orThrow();
        CommandResult listed = cluster.kubectl("get", "gj,halls,sites", "-A").orThrow();
        for (String name : List.of("llm-pretrain", "chat-serving", "hall-a", "mining-hall-1", "immersion-hall",
                "gpu-hall", "mesa-retrofit")) {
            assertTrue(listed.stdout().contains(name), listed::toString);
        }
        assertTrue(cluster.kubectl("get", "pod", "notebook-gpu", "-n", "default").succeeded());
    }

    @Test
    @Order(4)
    void upgradesInPlaceToPowerCappingWhichOnlyThePrivilegedLevelAdmits() {
        helm("upgrade", RELEASE, RepoPaths.chart().toString(), "--namespace", NS, "--reuse-values",
                "--set", "nodeDaemon.capping.enabled=true");
        CommandResult history = helm("history", RELEASE, "--namespace", NS);
        assertTrue(history.stdout().lines().anyMatch(l -> l.trim().startsWith("2") && l.contains("deployed")),
                history::toString);
        List<String> added = daemonSet().getSpec().getTemplate().getSpec().getContainers().get(0)
                .getSecurityContext().getCapabilities().getAdd();
        assertEquals(List.of("SYS_ADMIN"), added);

        // Root with CAP_SYS_ADMIN is beyond "restricted" (and "baseline"): admission refuses the new pods ...
        await("Pod Security to refuse the capping pods", Duration.ofSeconds(60),
                () -> cluster.kubectl("get", "events", "-n", NS, "--field-selector", "reason=FailedCreate").stdout()
                        .contains("violates PodSecurity \"restricted"),
                () -> cluster.kubectl("get", "events", "-n", NS).stdout());
        // ... and admits them once the namespace allows "privileged", as helm/README.md tells operators to do.
        cluster.kubectl("label", "namespace", NS, "pod-security.kubernetes.io/enforce=privileged", "--overwrite")
                .orThrow();
        await("node daemon pods with the capping template", Duration.ofSeconds(90),
                () -> pods("node-daemon").stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                        .anyMatch(p -> p.getSpec().getContainers().get(0).getArgs().contains("--capping=true")),
                () -> cluster.kubectl("get", "pods,events", "-n", NS).stdout());
    }

    @Test
    @Order(5)
    void uninstallRemovesTheReleaseButKeepsCrdsAndUserObjects() {
        helm("uninstall", RELEASE, "--namespace", NS, "--wait", "--timeout", "2m");

        KubernetesClient client = cluster.client();
        assertTrue(client.apps().deployments().inNamespace(NS).list().getItems().isEmpty());
        assertTrue(client.apps().daemonSets().inNamespace(NS).list().getItems().isEmpty());
        assertTrue(client.rbac().clusterRoles().withLabel("app.kubernetes.io/instance", RELEASE).list().getItems()
                .isEmpty());
        CommandResult jobs = cluster.kubectl("get", "gj", "-A").orThrow();
        assertTrue(jobs.stdout().contains("llm-pretrain"), jobs::toString);
    }
}
