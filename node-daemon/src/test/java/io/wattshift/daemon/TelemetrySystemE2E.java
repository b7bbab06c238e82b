package io.wattshift.daemon;

import io.wattshift.testbed.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.wattshift.daemon.nvml.Nvml;
import io.wattshift.daemon.stream.StreamConfig;
import io.wattshift.engine.model.GpuReading;
import io.wattshift.engine.model.NodeTelemetry;
import io.wattshift.scheduler.http.HttpEndpoints;
import io.wattshift.scheduler.http.ServerTls;
import io.wattshift.scheduler.telemetry.NodeTelemetryView;
import io.wattshift.scheduler.telemetry.TelemetryEndpoint;
import io.wattshift.scheduler.telemetry.TelemetryMetrics;
import io.wattshift.scheduler.telemetry.TelemetryStore;
import io.wattshift.scheduler.telemetry.TokenReviewValidator;
import io.wattshift.testbed.ControlPlane;
import io.wattshift.wire.CapResult;
import io.wattshift.wire.GpuSample;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole telemetry path on a real kube-apiserver: the daemon (NVML through JNA on the fake library) authenticates
 * with a pod-bound ServiceAccount token over TLS (the scheduler's HTTP server with a test CA's certificate), the
 * scheduler's endpoint checks it by TokenReview, samples land in the
 * store and come out as engine inputs, the Node gets its GPU annotations, and a cap travels back to the GPU.
 */
@Tag("e2e")
class TelemetrySystemE2E {
    private static final String NS = "wattshift-system";
    private static final String SA = "wattshift-node-daemon";

    @RegisterExtension
    static final ControlPlane cluster = ControlPlane.builder().noCrds().withoutControllerManager().gpuNodes("hall-s", 1).build();

    @TempDir
    Path dir;

    @Test
    void samplesFlowToTheEngineAndCapsFlowToTheGpu() throws Exception {
        KubernetesClient admin = cluster.client();
        String node = admin.nodes().list().getItems().get(0).getMetadata().getName();
        Files.writeString(dir.resolve("token"), boundToken(admin, node));

        Vertx scheduler = Vertx.vertx();
        Vertx daemonVertx = Vertx.vertx();
        FakeNvml fake = FakeNvml.withGpus(4);
        try (Nvml nvml = Nvml.open(Optional.of(FakeNvml.path()))) {
            TelemetryStore store = new TelemetryStore(Clock.systemUTC(), Duration.ofSeconds(30));
            TelemetryEndpoint endpoint = new TelemetryEndpoint(scheduler, () -> true, new TokenReviewValidator(admin,
                    scheduler.createSharedWorkerExecutor("tokenreview", 1), List.of("wattshift-scheduler"), NS, SA,
                    Clock.systemUTC(), Duration.ofMinutes(5)), store, new TelemetryMetrics(new SimpleMeterRegistry(), store, Clock.systemUTC()));
            // over TLS, as in production: the scheduler's own HTTP server with a certificate from a throwaway CA
            TestPki ca = TestPki.create(dir.resolve("pki"));
            TestPki.ServerCert cert = ca.issue("scheduler", "dns:localhost");
            int port = HttpEndpoints.start(scheduler, 0, ServerTls.fromFlags(cert.certFile(), cert.keyFile()),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true, List.of(endpoint::mount))
                    .await(10, TimeUnit.SECONDS).actualPort();

            StreamConfig stream = new StreamConfig(URI.create("https://localhost:" + port), dir.resolve("token"), Optional.of(ca.caCert),
                    Duration.ofMillis(200), Duration.ofSeconds(2), 10_000, Duration.ofSeconds(5));
            DaemonConfig config = new DaemonConfig(node, Optional.of(stream), Duration.ofMillis(200), "127.0.0.1", 0, true,
                    dir.resolve("caps.properties"), true);
            daemonVertx.deployVerticle(new Daemon(nvml, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    Optional.of(admin), Clock.systemUTC())).await(30, TimeUnit.SECONDS);

            await(() -> store.node(node).map(v -> v.gpus().size() == 4).orElse(false));
            NodeTelemetryView view = store.node(node).orElseThrow();
            assertEquals(4, view.hello().gpus().size());
            assertEquals(700_000, view.hello().gpus().get(0).maxPowerLimitMilliwatts());
            NodeTelemetry engineInput = store.drainEngineUpdates().stream().filter(t -> t.node().equals(node)).findFirst().orElseThrow();
            assertEquals(new GpuReading(1, 301.0, 700.0, 61), engineInput.gpus().get(1));

            await(() -> "700".equals(annotations(admin, node).get("wattshift.io/gpu-power-max-watts")));
            assertEquals("4", admin.nodes().withName(node).get().getMetadata().getLabels().get("wattshift.io/gpu-count"));

            CapResult applied = endpoint.setPowerCap(node, 2, 450_000).await(10, TimeUnit.SECONDS);
            assertEquals(CapResult.Outcome.APPLIED, applied.outcome());
            assertEquals(450_000, applied.appliedMilliwatts());
            assertEquals(450_000, fake.fake_nvml_limit(2));
            await(() -> store.node(node).map(v -> v.gpus().get(2).powerLimitMilliwatts() == 450_000).orElse(false));

            CapResult refused = endpoint.setPowerCap(node, 2, 1_000_000).await(10, TimeUnit.SECONDS);
            assertEquals("cap 1000 W outside GPU 2 constraints [200 W, 700 W]", refused.message());

            fake.fake_nvml_lose(3);
            await(() -> store.node(node).map(v -> v.gpus().get(3).lost()).orElse(false));
            store.drainEngineUpdates(); // what was queued around the loss
            Thread.sleep(600); // a few more ticks
            List<Integer> reported = store.drainEngineUpdates().get(0).gpus().stream().map(GpuReading::index).toList();
            assertEquals(List.of(0, 1, 2), reported, "the lost GPU is not reported to the engine");
            assertEquals(1, store.node(node).orElseThrow().gpus().stream().filter(GpuSample::lost).count());
        } finally {
            daemonVertx.close().await(10, TimeUnit.SECONDS);
            scheduler.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> annotations(KubernetesClient admin, String node) {
        Map<String, String> a = admin.nodes().withName(node).get().getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    /** What the kubelet projects into the daemon's pod: a token of its ServiceAccount, bound to the pod, for the scheduler's audience. */
    private static String boundToken(KubernetesClient admin, String node) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        admin.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata().withName(SA).endMetadata().build()).create();
        Pod pod = admin.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("node-daemon-x").endMetadata()
                .withNewSpec().withServiceAccountName(SA).withNodeName(node).withAutomountServiceAccountToken(false)
                .addNewContainer().withName("daemon").withImage("wattshift/node-daemon:test").endContainer().endSpec().build()).create();
        return admin.serviceAccounts().inNamespace(NS).withName(SA).tokenRequest(new TokenRequestBuilder().withNewSpec()
                .withAudiences("wattshift-scheduler").withExpirationSeconds(3600L).withNewBoundObjectRef().withApiVersion("v1")
                .withKind("Pod").withName("node-daemon-x").withUid(pod.getMetadata().getUid()).endBoundObjectRef().endSpec().build())
                .getStatus().getToken();
    }

    private static void await(BooleanSupplier condition) {
        Await.until("the condition", Duration.ofSeconds(30), condition);
    }
}
