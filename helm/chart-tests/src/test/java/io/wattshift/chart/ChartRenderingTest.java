package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;

/** `helm template` renderings of the chart, parsed and checked object by object. */
class ChartRenderingTest {

    static String appVersion() throws IOException {
        return Manifests.YAML.readTree(Files.readString(RepoPaths.chart().resolve("Chart.yaml")))
                .path("appVersion").asString();
    }

    static JsonNode container(JsonNode workload, String name) {
        for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) {
            if (name.equals(c.path("name").asString())) {
                return c;
            }
        }
        throw new AssertionError("no container " + name + " in " + workload.path("metadata").path("name"));
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asString())) {
                return e;
            }
        }
        throw new AssertionError("no env " + name);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithDefaults {

        Manifests rendered;

        @BeforeAll
        void render() {
            rendered = Helm.required().template();
        }

        @Test
        void theSchedulerRunsTwoReplicasWithLeaderElection() {
            JsonNode deployment = rendered.one("Deployment", "-scheduler");
            assertEquals(2, deployment.path("spec").path("replicas").asInt());
            List<String> args = strings(container(deployment, "scheduler").path("args"));
            assertEquals("run", args.get(0));
            assertTrue(args.contains("--lease-name=ws-wattshift-scheduler"), args::toString);
            assertTrue(args.contains("--lease-namespace=$(POD_NAMESPACE)"), args::toString);
            assertEquals(0, deployment.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable")
                    .asInt(-1), "a rolling update must never leave zero schedulers");
        }

        @Test
        void theSchedulerIsProbedOnHealthzAndReadyz() {
            JsonNode c = container(rendered.one("Deployment", "-scheduler"), "scheduler");
            assertEquals("/healthz", c.path("livenessProbe").path("httpGet").path("path").asString());
            assertEquals("/readyz", c.path("readinessProbe").path("httpGet").path("path").asString());
            assertEquals("http", c.path("readinessProbe").path("httpGet").path("port").asString());
            // TLS is on by default: the port serves HTTPS only (docs/stream-tls.md)
            assertEquals("HTTPS", c.path("livenessProbe").path("httpGet").path("scheme").asString());
            assertEquals("HTTPS", c.path("readinessProbe").path("httpGet").path("scheme").asString());
            assertEquals("http", c.path("ports").path(0).path("name").asString());
        }

        @Test
        void theSchedulerRunsAsNonRootOnAReadOnlyRootWithoutEscalation() {
            JsonNode deployment = rendered.one("Deployment", "-scheduler");
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
            assertTrue(pod.path("securityContext").path("runAsUser").asInt() > 0);
            JsonNode sc = container(deployment, "scheduler").path("securityContext");
            assertTrue(sc.path("readOnlyRootFilesystem").asBoolean());
            assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true));
            assertEquals(List.of("ALL"), strings(sc.path("capabilities").path("drop")));
            assertTrue(sc.path("capabilities").path("add").isMissingNode());
        }

        @Test
        void theSchedulerHasResourcesAndADisruptionBudgetThatAllowsDrains() {
            JsonNode c = container(rendered.one("Deployment", "-scheduler"), "scheduler");
            assertFalse(c.path("resources").path("requests").path("memory").isMissingNode());
            assertFalse(c.path("resources").path("limits").path("memory").isMissingNode());
            JsonNode pdb = rendered.one("PodDisruptionBudget", "-scheduler");
            assertEquals(1, pdb.path("spec").path("minAvailable").asInt());
            assertEquals(rendered.one("Deployment", "-scheduler").path("spec").path("selector"),
                    pdb.path("spec").path("selector"));
        }

        @Test
        void imageTagsFollowTheChartAppVersion() throws IOException {
            String version = appVersion();
            assertEquals("wattshift/scheduler:" + version,
                    container(rendered.one("Deployment", "-scheduler"), "scheduler").path("image").asString());
            assertEquals("wattshift/node-daemon:" + version,
                    container(rendered.one("DaemonSet", "-node-daemon"), "node-daemon").path("image").asString());
        }

        @Test
        void theDaemonRunsOnGpuNodesUnderTheNvidiaRuntimeTolerantOfGpuTaints() {
            JsonNode pod = rendered.one("DaemonSet", "-node-daemon").path("spec").path("template").path("spec");
            assertEquals("nvidia", pod.path("runtimeClassName").asString());
            assertEquals("true", pod.path("nodeSelector").path("nvidia.com/gpu.present").asString());
            boolean toleratesGpuTaint = false;
            for (JsonNode t : pod.path("tolerations")) {
                toleratesGpuTaint |= "nvidia.com/gpu".equals(t.path("key").asString())
                        && "Exists".equals(t.path("operator").asString());
            }
            assertTrue(toleratesGpuTaint, pod.path("tolerations")::toString);
        }

        @Test
        void theDaemonLearnsItsNodeNameFromTheDownwardApi() {
            JsonNode c = container(rendered.one("DaemonSet", "-node-daemon"), "node-daemon");
            assertEquals("spec.nodeName", env(c, "NODE_NAME").path("valueFrom").path("fieldRef").path("fieldPath")
                    .asString());
        }

        @Test
        void theDaemonPresentsAProjectedTokenForTheSchedulersAudience() {
            JsonNode ds = rendered.one("DaemonSet", "-node-daemon");
            JsonNode volume = ds.path("spec").path("template").path("spec").path("volumes").path(0);
            JsonNode token = volume.path("projected").path("sources").path(0).path("serviceAccountToken");
            assertEquals("wattshift-scheduler", token.path("audience").asString());
            assertTrue(token.path("expirationSeconds").asInt() >= 600);
            JsonNode mount = container(ds, "node-daemon").path("volumeMounts").path(0);
            assertEquals(volume.path("name").asString(), mount.path("name").asString());
            assertTrue(mount.path("readOnly").asBoolean());
        }

        @Test
        void cappingGivesTheDaemonRootWithOnlySysAdmin() {
            JsonNode ds = rendered.one("DaemonSet", "-node-daemon");
            JsonNode pod = ds.path("spec").path("template").path("spec");
            assertEquals(0, pod.path("securityContext").path("runAsUser").asInt(-1));
            JsonNode sc = container(ds, "node-daemon").path("securityContext");
            assertEquals(List.of("SYS_ADMIN"), strings(sc.path("capabilities").path("add")));
            assertEquals(List.of("ALL"), strings(sc.path("capabilities").path("drop")));
            assertFalse(sc.path("privileged").asBoolean(false));
            assertTrue(sc.path("readOnlyRootFilesystem").asBoolean());
            assertTrue(strings(container(ds, "node-daemon").path("args")).contains("--capping=true"));
        }

        @Test
        void monitoringObjectsAreOffByDefault() {
            assertTrue(rendered.ofKind("ServiceMonitor").isEmpty());
            assertTrue(rendered.ofKind("PrometheusRule").isEmpty());
        }

        @Test
        void everyNamespacedObjectLandsInTheReleaseNamespace() {
            for (JsonNode o : rendered.objects()) {
                String kind = o.path("kind").asString();
                if (!List.of("ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition").contains(kind)) {
                    assertEquals("wattshift-system", o.path("metadata").path("namespace").asString(),
                            kind + " " + o.path("metadata").path("name"));
                }
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithCappingOff {

        Manifests rendered;

        @BeforeAll
        void render() {
            rendered = Helm.required().template("nodeDaemon.capping.enabled=false");
        }

        @Test
        void theDaemonRunsReadOnlyTelemetryAsNonRootWithNoCapabilities() {
            JsonNode ds = rendered.one("DaemonSet", "-node-daemon");
            JsonNode pod = ds.path("spec").path("template").path("spec");
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
            assertTrue(pod.path("securityContext").path("runAsUser").asInt() > 0);
            JsonNode c = container(ds, "node-daemon");
            JsonNode sc = c.path("securityContext");
            assertTrue(sc.path("capabilities").path("add").isMissingNode(), sc::toString);
            assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true));
            assertTrue(strings(c.path("args")).contains("--capping=false"));
        }

        @Test
        void theSchedulerIsUnchanged() {
            JsonNode capped = Helm.required().template().one("Deployment", "-scheduler");
            // each rendering without a cluster makes a new certificate, so its checksum annotation differs
            assertEquals(withoutTlsChecksum(capped), withoutTlsChecksum(rendered.one("Deployment", "-scheduler")));
        }

        JsonNode withoutTlsChecksum(JsonNode deployment) {
            JsonNode copy = deployment.deepCopy();
            ((tools.jackson.databind.node.ObjectNode) copy.path("spec").path("template").path("metadata")
                    .path("annotations")).remove("checksum/scheduler-tls");
            return copy;
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithMonitoringOn {

        Manifests rendered;

        @BeforeAll
        void render() {
            rendered = Helm.required().template("metrics.serviceMonitor.enabled=true",
                    "metrics.prometheusRule.enabled=true");
        }

        @Test
        void theServiceMonitorScrapesTheSchedulerAndTheDaemonPorts() {
            JsonNode sm = rendered.one("ServiceMonitor", "wattshift");
            List<String> ports = new ArrayList<>();
            sm.path("spec").path("endpoints").forEach(e -> ports.add(e.path("port").asString()));
            assertEquals(List.of("http", "metrics"), ports);
            JsonNode selector = sm.path("spec").path("selector").path("matchLabels");
            for (JsonNode service : rendered.ofKind("Service")) {
                JsonNode labels = service.path("metadata").path("labels");
                selector.properties().forEach(e -> assertEquals(e.getValue(), labels.path(e.getKey()),
                        "Service " + service.path("metadata").path("name") + " label " + e.getKey()));
            }
            List<String> servicePorts = new ArrayList<>();
            rendered.ofKind("Service").forEach(s -> s.path("spec").path("ports")
                    .forEach(p -> servicePorts.add(p.path("name").asString())));
            assertTrue(servicePorts.containsAll(ports), servicePorts::toString);
        }

        @Test
        void thePrometheusRuleHasTheFourAlerts() {
            JsonNode rule = rendered.one("PrometheusRule", "wattshift");
            List<String> alerts = new ArrayList<>();
            rule.path("spec").path("groups").forEach(g -> g.path("rules")
                    .forEach(r -> alerts.add(r.path("alert").asString())));
            assertEquals(List.of("WattshiftTelemetryStale", "WattshiftHallNearLimit", "WattshiftCurtailmentSlow",
                    "WattshiftNoLeader"), alerts);
        }
    }
}
