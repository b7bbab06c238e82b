package io.wattshift.daemon.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.wattshift.testbed.ControlPlane;
import io.wattshift.wire.GpuInventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * node-daemon/rbac-rules.yaml is exactly enough: a ServiceAccount granted those rules (and nothing else) labels its
 * Node on a real kube-apiserver with RBAC, and one without them is refused.
 */
@Tag("e2e")
class NodeLabelerRbacE2E {
    private static final String NS = "wattshift-system";

    @RegisterExtension
    static final ControlPlane cluster = ControlPlane.builder().noCrds().withoutControllerManager().gpuNodes("hall-d", 1).build();

    private static final List<GpuInventory> GPUS = List.of(
            new GpuInventory(0, "GPU-0", "NVIDIA H100 80GB HBM3", "bus", 200_000, 700_000, 700_000, 87, 92, 80L << 30));

    @Test
    void theRulesInRbacRulesYamlLetTheDaemonLabelItsNodeAndNothingLessWorks() throws Exception {
        KubernetesClient admin = cluster.client();
        String node = admin.nodes().list().getItems().get(0).getMetadata().getName();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        for (String sa : List.of("wattshift-node-daemon", "no-rbac")) {
            admin.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata().withName(sa)
                    .endMetadata().build()).create();
        }
        String rules = Files.readString(Path.of("rbac-rules.yaml"));
        ClusterRole role = admin.getKubernetesSerialization().unmarshal("apiVersion: rbac.authorization.k8s.io/v1\n"
                + "kind: ClusterRole\nmetadata:\n  name: wattshift-node-daemon\n" + rules, ClusterRole.class);
        admin.rbac().clusterRoles().resource(role).create();
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
                .withName("wattshift-node-daemon").endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole").withName("wattshift-node-daemon").endRoleRef().addNewSubject()
                .withKind("ServiceAccount").withName("wattshift-node-daemon").withNamespace(NS).endSubject().build()).create();

        try (KubernetesClient daemon = clientAs(admin, "wattshift-node-daemon")) {
            new NodeLabeler(daemon).label(node, GPUS, "570.86.15", true);
        }
        Node labelled = admin.nodes().withName(node).get();
        assertEquals("NVIDIA-H100-80GB-HBM3", labelled.getMetadata().getLabels().get("wattshift.io/gpu-model"));
        assertEquals("700", labelled.getMetadata().getAnnotations().get("wattshift.io/gpu-power-max-watts"));
        assertEquals("hall-d", labelled.getMetadata().getLabels().get("wattshift.io/hall"), "other labels kept");

        try (KubernetesClient other = clientAs(admin, "no-rbac")) {
            KubernetesClientException e = assertThrows(KubernetesClientException.class,
                    () -> new NodeLabeler(other).label(node, GPUS, "570.86.15", true));
            assertEquals(403, e.getCode());
        }
    }

    /** A client that authenticates with a token of the ServiceAccount, as the daemon's pod would. */
    private static KubernetesClient clientAs(KubernetesClient admin, String serviceAccount) {
        String token = admin.serviceAccounts().inNamespace(NS).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
                .getStatus().getToken();
        var base = admin.getConfiguration();
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(base.getMasterUrl())
                .withCaCertData(base.getCaCertData()).withCaCertFile(base.getCaCertFile())
                .withOauthToken(token).withRequestRetryBackoffLimit(0).build()).build();
    }
}
