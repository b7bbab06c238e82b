package io.wattshift.chart;

import io.wattshift.testbed.Await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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

import tools.jackson.databind.JsonNode;

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
    static final String TLS_SECRET = "ws-wattshift-scheduler-tls";
    /** The host the chart's daemons stream to (wattshift.scheduler.url): the certificate must name it. */
    static final String SCHEDULER_HOST = "ws-wattshift-scheduler." + NS + ".svc";
    static final java.util.regex.Pattern HTTP_PORT = java.util.regex.Pattern.compile("on port (\\d+)");

    /** tls.crt as the first install stored it; the upgrade must keep it. */
    static String installedCertificate;

    // The chart installs the CRDs itself, so the control plane starts without them.
    @RegisterExtension
    static final ControlPlane cluster = ControlPlane.builder().gpuNodes("hall-a", 2).gpuNodes("hall-b", 1)
            .noCrds().build();

    @BeforeAll
    static void prepareGpuNodesAndARestrictedNamespace() {
        // What NVIDIA's feature discovery does on GPU nodes (label them), and what admins often add: a GPU taint.
        cluster.kubectl("label", "nodes", "--all", "nvidia.com/gpu.present=true").orThrow();
        cluster.kubectl("taint", "nodes", "-l", "wattshift.io/hall=hall-b", "nvidia.com/gpu=present:NoSchedule")
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
        Await.until(what, timeout, condition, state);
    }

    static List<Pod> pods(String component) {
        return cluster.client().pods().inNamespace(NS).withLabel("app.kubernetes.io/component", component).list()
                .getItems();
    }

    static DaemonSet daemonSet() {
        return cluster.client().apps().daemonSets().inNamespace(NS).withName("ws-wattshift-node-daemon").get();
    }

    static boolean can(String serviceAccount, String verb, String resource, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("auth", "can-i", verb, resource, "--as", serviceAccount,
                "-n", NS));
        args.addAll(List.of(more));
        CommandResult result = cluster.kubectl(args.toArray(String[]::new));
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
        await("a node daemon on each GPU node, the tainted one too", Duration.ofSeconds(60),
                () -> pods("node-daemon").size() == 3,
                () -> cluster.kubectl("get", "events", "-n", NS).stdout());
        assertEquals(3, daemonSet().getStatus().getDesiredNumberScheduled());

        // TLS is on by default: the chart made the scheduler's Secret, its certificate names the Service.
        JsonNode secret = tlsSecret();
        assertEquals("kubernetes.io/tls", secret.path("type").asString());
        TlsSecret tls = TlsSecret.of(secret);
        assertDoesNotThrow(tls::validateAgainstCa, "tls.crt does not chain to ca.crt");
        assertDoesNotThrow(() -> assertTrue(tls.dnsNames().contains(SCHEDULER_HOST), SCHEDULER_HOST));
        installedCertificate = tls.tlsCrt();
        assertTrue(daemonSet().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()
                .contains("--scheduler-url=https://" + SCHEDULER_HOST + ":8080"));
    }

    static JsonNode tlsSecret() {
        return Manifests.parse(cluster.kubectl("get", "secret", TLS_SECRET, "-n", NS, "-o", "json").orThrow()
                .stdout()).objects().get(0);
    }

    @Test
    @Order(2)
    void theServiceAccountsHoldOnlyWhatTheCodeUses() {
        assertTrue(can(SCHEDULER_SA, "create", "pods/binding"));
        assertTrue(can(SCHEDULER_SA, "watch", "gpujobs.wattshift.io"));
        assertTrue(can(SCHEDULER_SA, "create", "tokenreviews.authentication.k8s.io"));
        assertTrue(can(SCHEDULER_SA, "get", "secrets"));                       // miner credentials, here only
        assertFalse(can(SCHEDULER_SA, "get", "secrets", "-n", "default"));
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
    void theSchedulerRunningAsTheChartsServiceAccountBindsTheExampleTrainingGang() throws Exception {
        Path kubeconfig = serviceAccountKubeconfig("ws-wattshift-scheduler");
        Path log = Path.of("target/chart-e2e-scheduler.log").toAbsolutePath();
        // The files the chart mounts at /etc/wattshift/tls, taken from the Secret the install created.
        TlsSecret tls = TlsSecret.of(tlsSecret());
        Path tlsDir = Path.of("target/chart-e2e-tls").toAbsolutePath();
        tls.writeServerFiles(tlsDir);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), io.wattshift.scheduler.Main.class.getName(), "run",
                "--identity", "chart-e2e", "--lease-namespace", NS, "--lease-name", "ws-wattshift-scheduler",
                "--http-port", "0", "--status-interval", "1s",
                "--tls-cert-file", tlsDir.resolve("tls.crt").toString(),
                "--tls-key-file", tlsDir.resolve("tls.key").toString());
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        Process scheduler = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await("the example training gang to run", Duration.ofSeconds(120),
                    () -> "Running".equals(cluster.kubectl("get", "gj", "llm-pretrain", "-n", "default", "-o",
                            "jsonpath={.status.phase}").stdout().strip()),
                    () -> cluster.kubectl("get", "gj", "-A").stdout() + "\nscheduler log: " + tail(log));
            assertTrue(scheduler.isAlive(), () -> "the scheduler exited: " + tail(log));
            CommandResult listed = cluster.kubectl("get", "gj,halls", "-A").orThrow();
            assertTrue(listed.stdout().lines().anyMatch(l -> l.contains("llm-pretrain") && l.contains("Running")
                    && l.contains("16")), listed::toString);
            String forbidden = tail(log);
            assertFalse(forbidden.contains("Forbidden") || forbidden.contains("403"),
                    () -> "the chart's RBAC refused a call the scheduler makes: " + forbidden);

            // What a node daemon with --scheduler-ca-file=ca.crt does: verify the chain and the Service's name.
            java.util.regex.Matcher port = HTTP_PORT.matcher(Files.readString(log));
            assertTrue(port.find(), () -> "no HTTP port in the log: " + tail(log));
            int httpPort = Integer.parseInt(port.group(1));
            String healthz = tls.httpsGet(SCHEDULER_HOST, httpPort, "/healthz");
            assertTrue(healthz.startsWith("HTTP/1.1 200") && healthz.endsWith("ok\n"), healthz);
            // ... and a host the certificate does not name is refused, so the check above can fail.
            assertThrows(javax.net.ssl.SSLHandshakeException.class,
                    () -> tls.httpsGet("scheduler.elsewhere.example", httpPort, "/healthz"));
        } finally {
            scheduler.destroyForcibly().waitFor();
        }
    }

    /** A kubeconfig for the API server that authenticates as the ServiceAccount with a short-lived token. */
    static Path serviceAccountKubeconfig(String serviceAccount) throws IOException {
        String token = cluster.kubectl("create", "token", serviceAccount, "-n", NS, "--duration", "1h").orThrow()
                .stdout().strip();
        Path kubeconfig = Path.of("target/" + serviceAccount + ".kubeconfig").toAbsolutePath();
        Files.copy(cluster.kubeconfig(), kubeconfig, StandardCopyOption.REPLACE_EXISTING);
        String file = kubeconfig.toString();
        CommandResult user = cluster.kubectl("--kubeconfig", file, "config", "set-credentials", serviceAccount,
                "--token", token);
        assertTrue(user.succeeded(), user::toString);
        CommandResult context = cluster.kubectl("--kubeconfig", file, "config", "set-context", "--current",
                "--user", serviceAccount);
        assertTrue(context.succeeded(), context::toString);
        return kubeconfig;
    }

    static String tail(Path log) {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "";
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Test
    @Order(5)
    void upgradesInPlaceToPowerCappingWhichOnlyThePrivilegedLevelAdmits() throws Exception {
        helm("upgrade", RELEASE, RepoPaths.chart().toString(), "--namespace", NS, "--reuse-values",
                "--set", "nodeDaemon.capping.enabled=true");
        CommandResult history = helm("history", RELEASE, "--namespace", NS);
        assertTrue(history.stdout().lines().anyMatch(l -> l.trim().startsWith("2") && l.contains("deployed")),
                history::toString);
        List<String> added = daemonSet().getSpec().getTemplate().getSpec().getContainers().get(0)
                .getSecurityContext().getCapabilities().getAdd();
        assertEquals(List.of("SYS_ADMIN"), added);
        // lookup against the real API server: the upgrade keeps the certificate (and the CA the daemons trust).
        assertEquals(installedCertificate, TlsSecret.of(tlsSecret()).tlsCrt(),
                "helm upgrade replaced the scheduler's certificate");
        String checksum = cluster.client().apps().deployments().inNamespace(NS).withName("ws-wattshift-scheduler")
                .get().getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/scheduler-tls");
        assertEquals(TlsSecret.sha256Hex(tlsSecret().path("data").path("tls.crt").asString()), checksum);

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
    @Order(6)
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
