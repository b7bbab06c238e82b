package io.wattshift.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("e2e")
class ControlPlaneSmokeE2E {

    @RegisterExtension
    static final ControlPlane cluster = ControlPlane.builder()
            .gpuNodes("hall-a", 2)
            .gpuNodes("hall-b", 2)
            .nodesPerRack(1)
            .withKubeScheduler()
            .build();

    private static final String NS = "default";

    @Test
    void apiServerAndKubectlReportTheStampedVersion() {
        assertEquals("v1.35.4", cluster.client().getKubernetesVersion().getGitVersion());
        String versions = cluster.kubectl("version", "-o", "json").orThrow().stdout();
        assertEquals(2, versions.split("\"gitVersion\": \"v1.35.4\"", -1).length - 1, versions);
    }

    @Test
    void fakeGpuNodesAreReadyWithHallRackAndGpuCapacity() {
        List<Node> nodes = cluster.client().nodes().withLabel("wattshift.io/hall", "hall-b").list().getItems();
        assertEquals(List.of("hall-b-r01-n001", "hall-b-r02-n002"),
                nodes.stream().map(node -> node.getMetadata().getName()).sorted().toList());
        for (Node node : nodes) {
            assertEquals(new Quantity("8"), node.getStatus().getAllocatable().get("nvidia.com/gpu"));
            assertEquals("NVIDIA-H100-80GB-HBM3", node.getMetadata().getLabels().get("nvidia.com/gpu.product"));
            assertTrue(node.getStatus().getConditions().stream()
                    .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")), node.toString());
        }
        assertEquals("r02", nodes.stream().filter(n -> n.getMetadata().getName().endsWith("n002")).findFirst()
                .orElseThrow().getMetadata().getLabels().get("wattshift.io/rack"));
    }

    @Test
    void clusterScriptMakesTheSameNodesAsTheJavaApi() {
        List<String> names = RunningControlPlane.cluster(TestbedLayout.locate(), List.of("nodes", "--dir",
                cluster.running().runDir().toString(), "--halls", "hall-s", "--nodes-per-hall", "2",
                "--nodes-per-rack", "1", "--wait-ready")).orThrow().stdout().lines().toList();
        assertEquals(List.of("hall-s-r01-n001", "hall-s-r02-n002"), names);
        Node byScript = cluster.client().nodes().withName("hall-s-r02-n002").get();
        Node byJava = cluster.client().nodes().withName("hall-a-r02-n002").get();
        Map<String, String> scriptLabels = ownLabels(byScript);
        scriptLabels.replace("wattshift.io/hall", "hall-a");
        scriptLabels.replace("kubernetes.io/hostname", "hall-a-r02-n002");
        assertEquals(ownLabels(byJava), scriptLabels);
        assertEquals(byJava.getMetadata().getAnnotations().get("kwok.x-k8s.io/node"),
                byScript.getMetadata().getAnnotations().get("kwok.x-k8s.io/node"));
        assertEquals(byJava.getStatus().getCapacity(), byScript.getStatus().getCapacity());
        assertTrue(RunningControlPlane.isReady(byScript));
        cluster.client().nodes().withLabel("wattshift.io/hall", "hall-s").delete();
    }

    /** The node's labels less the beta.kubernetes.io/* ones that kube-controller-manager adds in its own time. */
    private static Map<String, String> ownLabels(Node node) {
        Map<String, String> labels = new HashMap<>(node.getMetadata().getLabels());
        labels.keySet().removeIf(key -> key.startsWith("beta.kubernetes.io/"));
        return labels;
    }

    @Test
    void repositoryCrdsAreAppliedAndListedByKubectl() throws Exception {
        Path crds = TestbedLayout.locate().crdDir();
        List<String> expected;
        try (Stream<Path> files = Files.exists(crds) ? Files.list(crds) : Stream.empty()) {
            expected = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yml") || name.endsWith(".yaml"))
                    .map(name -> name.substring(0, name.indexOf(".wattshift.io")) + ".wattshift.io")
                    .toList();
        }
        // kubectl apply again proves the path a person takes; it must be a no-op on what `up` applied.
        if (!expected.isEmpty()) {
            cluster.kubectl("apply", "-f", crds.toString()).orThrow();
        }
        assertEquals(List.of("widgets.fixtures.wattshift.io"), cluster.running().applyCrds(Fixtures.path("crd")));
        String listed = cluster.kubectl("get", "crds", "-o", "name").orThrow().stdout();
        assertTrue(listed.contains("customresourcedefinition.apiextensions.k8s.io/widgets.fixtures.wattshift.io"),
                listed);
        for (String crd : expected) {
            assertTrue(listed.contains("customresourcedefinition.apiextensions.k8s.io/" + crd), crd + " in " + listed);
        }
    }

    @Test
    void invalidCustomResourceIsRejectedWithItsValidationMessage() {
        cluster.running().applyCrds(Fixtures.path("crd"));
        String invalid = """
                apiVersion: fixtures.wattshift.io/v1
                kind: Widget
                metadata: {name: too-many-gpus}
                spec: {gpus: 9, hall: hall-a}
                """;
        CommandResult rejected = cluster.running().kubectlWithInput(invalid, "apply", "-f", "-");
        assertNotEquals(0, rejected.exitCode(), rejected.toString());
        assertTrue(rejected.stderr().contains("spec.gpus: Invalid value: 9: spec.gpus in body should be less than "
                + "or equal to 8"), rejected.stderr());
        String valid = invalid.replace("too-many-gpus", "fits").replace("gpus: 9", "gpus: 8");
        cluster.running().kubectlWithInput(valid, "apply", "-f", "-").orThrow();
        assertEquals("8", cluster.kubectl("get", "widget", "fits", "-o", "jsonpath={.spec.gpus}").orThrow().stdout());
    }

    @Test
    void bindingSubresourceSetsNodeNameAndKwokRunsThenCompletesThePod() {
        KubernetesClient client = cluster.client();
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName("bind-me")
                .addToAnnotations("pod-complete.stage.kwok.x-k8s.io/delay", "3s").endMetadata()
                .withNewSpec().withSchedulerName("wattshift")
                .addNewContainer().withName("work").withImage("registry.invalid/work:1")
                .withNewResources().addToLimits("nvidia.com/gpu", new Quantity("8")).endResources()
                .endContainer().endSpec().build()).create();
        assertNull(pod.getSpec().getNodeName());

        Binding binding = new BindingBuilder()
                .withNewMetadata().withName("bind-me").withNamespace(NS).endMetadata()
                .withNewTarget().withKind("Node").withApiVersion("v1").withName("hall-a-r01-n001").endTarget()
                .build();
        client.bindings().inNamespace(NS).resource(binding).create();

        Pod running = client.pods().inNamespace(NS).withName("bind-me").waitUntilCondition(
                p -> p != null && "Running".equals(p.getStatus().getPhase()), 30, TimeUnit.SECONDS);
        assertEquals("hall-a-r01-n001", running.getSpec().getNodeName());
        Pod done = client.pods().inNamespace(NS).withName("bind-me").waitUntilCondition(
                p -> p != null && "Succeeded".equals(p.getStatus().getPhase()), 30, TimeUnit.SECONDS);
        assertEquals(0, done.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode());

        // A bound pod cannot be bound again: the API server, not the client, enforces it.
        KubernetesClientException conflict = assertThrows(KubernetesClientException.class,
                () -> client.bindings().inNamespace(NS).resource(binding).create());
        assertEquals(409, conflict.getCode());

        client.pods().inNamespace(NS).withName("bind-me").delete();
        client.pods().inNamespace(NS).withName("bind-me").waitUntilCondition(p -> p == null, 30, TimeUnit.SECONDS);
    }

    @Test
    void kubeSchedulerPlacesDeploymentPodsAndKwokRunsThem() {
        KubernetesClient client = cluster.client();
        client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(3)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("registry.invalid/web:1").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        client.apps().deployments().inNamespace(NS).withName("web").waitUntilCondition(
                d -> d != null && d.getStatus() != null && Integer.valueOf(3).equals(d.getStatus().getReadyReplicas()),
                60, TimeUnit.SECONDS);
        List<Pod> pods = client.pods().inNamespace(NS).withLabel("app", "web").list().getItems();
        assertEquals(3, pods.size());
        assertTrue(pods.stream().allMatch(p -> p.getSpec().getNodeName().startsWith("hall-")), pods.toString());
        client.apps().deployments().inNamespace(NS).withName("web").delete();
    }

    @Test
    void tenantWithoutGrantsIsForbidden() {
        try (KubernetesClient tenant = cluster.running().newClient(cluster.running().tenantKubeconfig())) {
            KubernetesClientException forbidden = assertThrows(KubernetesClientException.class,
                    () -> tenant.pods().inNamespace(NS).list());
            assertEquals(403, forbidden.getCode());
        }
    }

    @Test
    void controllerManagerFinishesNamespaceDeletion() {
        KubernetesClient client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("doomed").endMetadata()
                .build()).create();
        // The service-account controller creates "default" in a new namespace; without it pods could not be created.
        client.serviceAccounts().inNamespace("doomed").withName("default")
                .waitUntilCondition(sa -> sa != null, 30, TimeUnit.SECONDS);
        client.namespaces().withName("doomed").delete();
        client.namespaces().withName("doomed").waitUntilCondition(ns -> ns == null, 60, TimeUnit.SECONDS);
    }

    @Test
    void helmLintsTemplatesAndInstallsAChartAgainstThisApiServer() {
        String chart = Fixtures.path("chart").toString();
        cluster.helm("lint", "--strict", chart).orThrow();
        String rendered = cluster.helm("template", "demo", chart, "--set", "hall=hall-b").orThrow().stdout();
        assertTrue(rendered.contains("name: demo-fixture") && rendered.contains("hall: \"hall-b\""), rendered);
        CommandResult badValues = cluster.helm("template", "demo", chart, "--set", "hall=B");
        assertNotEquals(0, badValues.exitCode());
        assertTrue(badValues.stderr().contains("hall"), badValues.stderr());

        cluster.helm("install", "demo", chart, "--namespace", "helm-smoke", "--create-namespace",
                "--set", "gpus=4").orThrow();
        assertEquals("4", cluster.client().configMaps().inNamespace("helm-smoke").withName("demo-fixture").get()
                .getData().get("gpus"));
        String releases = cluster.helm("list", "--namespace", "helm-smoke", "-o", "json").orThrow().stdout();
        assertTrue(releases.contains("\"name\":\"demo\"") && releases.contains("\"status\":\"deployed\""), releases);
        cluster.helm("uninstall", "demo", "--namespace", "helm-smoke").orThrow();
        assertNull(cluster.client().configMaps().inNamespace("helm-smoke").withName("demo-fixture").get());
    }
}
