package io.wattshift.chart;

import static io.wattshift.chart.ChartRenderingTest.container;
import static io.wattshift.chart.ChartRenderingTest.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

/**
 * TLS between the node daemons and the scheduler (docs/stream-tls.md) as the chart renders it: the certificate
 * the chart makes, the files each pod mounts (the daemons never get the key), the daemons' https:// URL, and the
 * refusal to send node tokens in clear text unless asked for.
 */
class ChartTlsTest {

    static final String SECRET = "ws-wattshift-scheduler-tls";
    static final String CA_CONFIG_MAP = "ws-wattshift-scheduler-ca";
    static final List<String> SERVICE_NAMES = List.of("ws-wattshift-scheduler",
            "ws-wattshift-scheduler.wattshift-system", "ws-wattshift-scheduler.wattshift-system.svc",
            "ws-wattshift-scheduler.wattshift-system.svc.cluster.local");

    static JsonNode pod(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    static JsonNode volume(JsonNode workload, String name) {
        for (JsonNode v : pod(workload).path("volumes")) {
            if (name.equals(v.path("name").asString())) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name + " in " + pod(workload).path("volumes"));
    }

    static JsonNode mount(JsonNode container, String name) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (name.equals(m.path("name").asString())) {
                return m;
            }
        }
        throw new AssertionError("no volume mount " + name + " in " + container.path("volumeMounts"));
    }

    /** Every key of any Secret volume in the workload's pods. */
    static Set<String> secretKeysMounted(JsonNode workload) {
        Set<String> keys = new TreeSet<>();
        for (JsonNode v : pod(workload).path("volumes")) {
            v.path("secret").path("items").forEach(i -> keys.add(i.path("key").asString()));
        }
        return keys;
    }

    /** Names of the Secrets any volume of the workload's pods refers to. */
    static Set<String> secretsReferenced(JsonNode workload) {
        Set<String> names = new TreeSet<>();
        for (JsonNode v : pod(workload).path("volumes")) {
            if (v.has("secret")) {
                names.add(v.path("secret").path("secretName").asString());
            }
            v.path("projected").path("sources").forEach(s -> {
                if (s.has("secret")) {
                    names.add(s.path("secret").path("name").asString());
                }
            });
        }
        return names;
    }

    static List<String> args(Manifests rendered, String kind, String nameSuffix, String container) {
        return ChartArgsTest.args(rendered, kind, nameSuffix, container);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ByDefault {

        Manifests rendered;
        JsonNode secret;

        @BeforeAll
        void render() {
            rendered = Helm.required().template("metrics.serviceMonitor.enabled=true");
            secret = rendered.one("Secret", "-scheduler-tls");
        }

        @Test
        void theChartMakesATlsSecretWithCertificateKeyAndCa() {
            assertEquals(SECRET, secret.path("metadata").path("name").asString());
            assertEquals("kubernetes.io/tls", secret.path("type").asString());
            assertEquals(Set.of("tls.crt", "tls.key", "ca.crt"), new TreeSet<>(secret.path("data").propertyNames()));
            TlsSecret tls = TlsSecret.of(secret);
            assertTrue(tls.tlsKey().contains("PRIVATE KEY-----"), "tls.key is not a PEM private key");
        }

        @Test
        void theCertificateNamesTheServiceAndChainsToTheCa() throws GeneralSecurityException {
            TlsSecret tls = TlsSecret.of(secret);
            assertTrue(tls.dnsNames().containsAll(SERVICE_NAMES), () -> "SANs " + SERVICE_NAMES);
            tls.validateAgainstCa();
            assertTrue(tls.ca().getBasicConstraints() >= 0, "ca.crt is not a CA certificate");
            assertTrue(tls.certificate().getBasicConstraints() < 0, "tls.crt must not be a CA");
            tls.certificate().checkValidity();
            assertTrue(tls.certificate().getNotAfter().toInstant()
                    .isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(3000))),
                    "the chart's certificate lasts ten years: there is no reload");
        }

        @Test
        void aCertificateFromAnotherRenderingDoesNotChainToThisCa() {
            // Each rendering without a cluster (no lookup) makes a new CA: the check above can fail.
            TlsSecret other = TlsSecret.of(Helm.required().template().one("Secret", "-scheduler-tls"));
            TlsSecret mixed = new TlsSecret(other.tlsCrt(), other.tlsKey(), TlsSecret.of(secret).caCrt());
            assertThrows(CertPathValidatorException.class, mixed::validateAgainstCa);
        }

        @Test
        void theSchedulerServesTlsFromTheSecretAndIsProbedOverHttps() {
            JsonNode deployment = rendered.one("Deployment", "-scheduler");
            JsonNode c = container(deployment, "scheduler");
            List<String> args = strings(c.path("args"));
            assertTrue(args.contains("--tls-cert-file=/etc/wattshift/tls/tls.crt"), args::toString);
            assertTrue(args.contains("--tls-key-file=/etc/wattshift/tls/tls.key"), args::toString);
            JsonNode mount = mount(c, "tls");
            assertEquals("/etc/wattshift/tls", mount.path("mountPath").asString());
            assertTrue(mount.path("readOnly").asBoolean());
            JsonNode volume = volume(deployment, "tls").path("secret");
            assertEquals(SECRET, volume.path("secretName").asString());
            assertEquals(Set.of("tls.crt", "tls.key"), secretKeysMounted(deployment));
            assertEquals("HTTPS", c.path("livenessProbe").path("httpGet").path("scheme").asString());
            assertEquals("HTTPS", c.path("readinessProbe").path("httpGet").path("scheme").asString());
            assertTrue(container(deployment, "scheduler").path("securityContext").path("readOnlyRootFilesystem")
                    .asBoolean());
        }

        @Test
        void theDaemonsGetAnHttpsUrlAndOnlyTheCa() {
            JsonNode ds = rendered.one("DaemonSet", "-node-daemon");
            List<String> args = args(rendered, "DaemonSet", "-node-daemon", "node-daemon");
            assertTrue(args.contains("--scheduler-url=https://ws-wattshift-scheduler.wattshift-system.svc:8080"),
                    args::toString);
            assertTrue(args.contains("--scheduler-ca-file=/etc/wattshift/scheduler-ca/ca.crt"), args::toString);
            assertFalse(args.contains("--allow-insecure-stream"), args::toString);
            assertEquals(Set.of(), secretKeysMounted(ds), "the daemons must never mount the scheduler's key");
            assertEquals(CA_CONFIG_MAP, volume(ds, "scheduler-ca").path("configMap").path("name").asString());
            JsonNode mount = mount(container(ds, "node-daemon"), "scheduler-ca");
            assertEquals("/etc/wattshift/scheduler-ca", mount.path("mountPath").asString());
            assertTrue(mount.path("readOnly").asBoolean());
        }

        @Test
        void noGpuNodeMayReadTheSchedulersKey() {
            // The Node authorizer lets a kubelet read, whole, every Secret a pod on its node references: an items list
            // narrows what is mounted, not what the node may read. A DaemonSet volume on the scheduler's TLS Secret
            // would let every GPU node's credentials read tls.key. The daemons' CA comes from a ConfigMap instead.
            JsonNode ds = rendered.one("DaemonSet", "-node-daemon");
            assertEquals(Set.of(), secretsReferenced(ds), "the DaemonSet references a Secret");
            JsonNode configMap = rendered.one("ConfigMap", "-scheduler-ca");
            assertEquals(CA_CONFIG_MAP, configMap.path("metadata").path("name").asString());
            assertEquals(Set.of("ca.crt"), new TreeSet<>(configMap.path("data").propertyNames()));
            assertEquals(TlsSecret.of(secret).caCrt(), configMap.path("data").path("ca.crt").asString(),
                    "the ConfigMap's ca.crt is not the Secret's");
        }

        @Test
        void theUrlsHostIsOneOfTheCertificatesNames() throws GeneralSecurityException {
            String url = args(rendered, "DaemonSet", "-node-daemon", "node-daemon").stream()
                    .filter(a -> a.startsWith("--scheduler-url=")).findFirst().orElseThrow();
            String host = java.net.URI.create(url.substring("--scheduler-url=".length())).getHost();
            assertTrue(TlsSecret.of(secret).dnsNames().contains(host), host);
        }

        @Test
        void aNewCertificateOrCaRollsThePods() throws GeneralSecurityException {
            JsonNode data = secret.path("data");
            assertEquals(TlsSecret.sha256Hex(data.path("tls.crt").asString()), rendered.one("Deployment", "-scheduler")
                    .path("spec").path("template").path("metadata").path("annotations")
                    .path("checksum/scheduler-tls").asString());
            assertEquals(TlsSecret.sha256Hex(data.path("ca.crt").asString()), rendered.one("DaemonSet", "-node-daemon")
                    .path("spec").path("template").path("metadata").path("annotations")
                    .path("checksum/scheduler-ca").asString());
        }

        @Test
        void prometheusScrapesTheSchedulerOverHttpsWithTheCa() {
            JsonNode endpoint = rendered.one("ServiceMonitor", "wattshift").path("spec").path("endpoints").path(0);
            assertEquals("http", endpoint.path("port").asString());
            assertEquals("https", endpoint.path("scheme").asString());
            JsonNode tlsConfig = endpoint.path("tlsConfig");
            assertEquals(SECRET, tlsConfig.path("ca").path("secret").path("name").asString());
            assertEquals("ca.crt", tlsConfig.path("ca").path("secret").path("key").asString());
            assertTrue(SERVICE_NAMES.contains(tlsConfig.path("serverName").asString()), tlsConfig::toString);
            assertEquals("https", rendered.one("Service", "-scheduler").path("spec").path("ports").path(0)
                    .path("appProtocol").asString());
        }
    }

    @Test
    void tlsOffIsRefusedUnlessTheInsecureStreamIsAccepted() {
        Helm.Result refused = Helm.required().templateResult("scheduler.tls.enabled=false");
        assertFalse(refused.ok(), refused::describe);
        assertTrue(refused.stderr().contains("scheduler.tls.enabled=false sends node tokens in clear text: set "
                + "nodeDaemon.allowInsecureStream=true to accept that"), refused::describe);
    }

    @Test
    void tlsOffWithTheInsecureStreamAcceptedStreamsOverHttp() {
        Manifests rendered = Helm.required().template("scheduler.tls.enabled=false",
                "nodeDaemon.allowInsecureStream=true", "metrics.serviceMonitor.enabled=true");
        List<String> daemon = args(rendered, "DaemonSet", "-node-daemon", "node-daemon");
        assertTrue(daemon.contains("--scheduler-url=http://ws-wattshift-scheduler.wattshift-system.svc:8080"),
                daemon::toString);
        assertTrue(daemon.contains("--allow-insecure-stream"), daemon::toString);
        assertFalse(daemon.stream().anyMatch(a -> a.startsWith("--scheduler-ca-file")), daemon::toString);
        assertTrue(rendered.ofKind("Secret").isEmpty(), rendered::summary);
        JsonNode deployment = rendered.one("Deployment", "-scheduler");
        JsonNode c = container(deployment, "scheduler");
        assertFalse(strings(c.path("args")).stream().anyMatch(a -> a.startsWith("--tls-")), c.path("args")::toString);
        assertTrue(c.path("livenessProbe").path("httpGet").path("scheme").isMissingNode());
        assertEquals(Set.of(), secretKeysMounted(deployment));
        assertEquals(Set.of(), secretKeysMounted(rendered.one("DaemonSet", "-node-daemon")));
        JsonNode endpoint = rendered.one("ServiceMonitor", "wattshift").path("spec").path("endpoints").path(0);
        assertTrue(endpoint.path("scheme").isMissingNode() && endpoint.path("tlsConfig").isMissingNode(),
                endpoint::toString);
    }

    @Test
    void allowInsecureStreamChangesNothingWhileTlsIsOn() {
        List<String> daemon = args(Helm.required().template("nodeDaemon.allowInsecureStream=true"), "DaemonSet",
                "-node-daemon", "node-daemon");
        assertFalse(daemon.contains("--allow-insecure-stream"), daemon::toString);
        assertTrue(daemon.contains("--scheduler-ca-file=/etc/wattshift/scheduler-ca/ca.crt"), daemon::toString);
    }

    @Test
    void anExistingSecretIsMountedAndNothingIsCreated() {
        Manifests rendered = Helm.required().template("scheduler.tls.source=existingSecret",
                "scheduler.tls.secretName=site-pki-scheduler");
        assertTrue(rendered.ofKind("Secret").isEmpty(), rendered::summary);
        assertTrue(rendered.ofKind("Certificate").isEmpty(), rendered::summary);
        JsonNode deployment = rendered.one("Deployment", "-scheduler");
        JsonNode ds = rendered.one("DaemonSet", "-node-daemon");
        assertEquals("site-pki-scheduler", volume(deployment, "tls").path("secret").path("secretName").asString());
        // without scheduler.tls.caConfigMap the chart has no other copy of ca.crt than your Secret (see the README)
        assertEquals("site-pki-scheduler", volume(ds, "scheduler-ca").path("secret").path("secretName").asString());
        assertEquals(Set.of("ca.crt"), secretKeysMounted(ds));
        assertTrue(rendered.ofKind("ConfigMap").stream()
                .noneMatch(cm -> cm.path("metadata").path("name").asString().endsWith("-scheduler-ca")), rendered::summary);
        // The chart cannot see that Secret's contents: no checksum, so a rotation needs a rollout restart.
        assertTrue(deployment.path("spec").path("template").path("metadata").path("annotations")
                .path("checksum/scheduler-tls").isMissingNode());
    }

    @ParameterizedTest(name = "with source {0}, the daemons take ca.crt from scheduler.tls.caConfigMap")
    @ValueSource(strings = {"existingSecret", "certManager"})
    void aCaConfigMapKeepsTheSecretOffTheGpuNodes(String source) {
        Manifests rendered = Helm.required().template("scheduler.tls.source=" + source,
                "scheduler.tls.secretName=site-pki-scheduler", "scheduler.tls.certManager.issuerRef.name=site-ca",
                "scheduler.tls.caConfigMap=site-ca-bundle");
        JsonNode ds = rendered.one("DaemonSet", "-node-daemon");
        assertEquals(Set.of(), secretsReferenced(ds));
        assertEquals("site-ca-bundle", volume(ds, "scheduler-ca").path("configMap").path("name").asString());
        assertEquals("ca.crt", volume(ds, "scheduler-ca").path("configMap").path("items").path(0).path("key").asString());
        assertEquals("site-pki-scheduler", volume(rendered.one("Deployment", "-scheduler"), "tls").path("secret")
                .path("secretName").asString());
    }

    @Test
    void anExistingSecretNeedsAName() {
        Helm.Result refused = Helm.required().templateResult("scheduler.tls.source=existingSecret");
        assertFalse(refused.ok(), refused::describe);
        assertTrue(refused.stderr().contains("scheduler.tls.source=existingSecret needs scheduler.tls.secretName"),
                refused::describe);
    }

    @Test
    void certManagerGetsACertificateForTheServiceNames() {
        Manifests rendered = Helm.required().template("scheduler.tls.source=certManager",
                "scheduler.tls.certManager.issuerRef.name=wattshift-ca",
                "scheduler.tls.certManager.issuerRef.kind=ClusterIssuer");
        assertTrue(rendered.ofKind("Secret").isEmpty(), rendered::summary);
        JsonNode certificate = rendered.one("Certificate", "-scheduler");
        assertEquals("cert-manager.io/v1", certificate.path("apiVersion").asString());
        JsonNode spec = certificate.path("spec");
        assertEquals(SECRET, spec.path("secretName").asString());
        assertEquals(SERVICE_NAMES, strings(spec.path("dnsNames")));
        assertEquals("wattshift-ca", spec.path("issuerRef").path("name").asString());
        assertEquals("ClusterIssuer", spec.path("issuerRef").path("kind").asString());
        assertEquals("cert-manager.io", spec.path("issuerRef").path("group").asString());
        assertEquals(SECRET, volume(rendered.one("DaemonSet", "-node-daemon"), "scheduler-ca").path("secret")
                .path("secretName").asString());
        Helm.Result refused = Helm.required().templateResult("scheduler.tls.source=certManager");
        assertFalse(refused.ok(), refused::describe);
        assertTrue(refused.stderr().contains("needs scheduler.tls.certManager.issuerRef.name"), refused::describe);
    }

    @Test
    void valuesReusedFromAReleaseBeforeTlsStillGetTls() {
        // `helm upgrade --reuse-values` renders with the old release's chart defaults, which lack these keys.
        Manifests rendered = Helm.required().template("scheduler.tls=null", "nodeDaemon.allowInsecureStream=null");
        rendered.one("Secret", "-scheduler-tls");
        List<String> daemon = args(rendered, "DaemonSet", "-node-daemon", "node-daemon");
        assertTrue(daemon.contains("--scheduler-url=https://ws-wattshift-scheduler.wattshift-system.svc:8080"),
                daemon::toString);
        assertTrue(daemon.contains("--scheduler-ca-file=/etc/wattshift/scheduler-ca/ca.crt"), daemon::toString);
        assertTrue(args(rendered, "Deployment", "-scheduler", "scheduler")
                .contains("--tls-cert-file=/etc/wattshift/tls/tls.crt"));
    }

    @Test
    void theDaemonsTokenVolumeStaysFirst() {
        // ChartRenderingTest and the E2E find the projected token as the first volume and mount.
        JsonNode ds = Helm.required().template().one("DaemonSet", "-node-daemon");
        assertEquals("scheduler-token", pod(ds).path("volumes").path(0).path("name").asString());
        List<String> mounts = new ArrayList<>();
        container(ds, "node-daemon").path("volumeMounts").forEach(m -> mounts.add(m.path("name").asString()));
        assertEquals("scheduler-token", mounts.get(0));
    }
}
