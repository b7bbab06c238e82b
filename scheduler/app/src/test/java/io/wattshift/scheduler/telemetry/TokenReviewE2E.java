package io.wattshift.scheduler.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;
import io.wattshift.testbed.ControlPlane;
import io.wattshift.wire.SampleBatch;
import io.wattshift.wire.WireCodec;
import io.wattshift.wire.WirePaths;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daemon's authentication against a real kube-apiserver: projected-style tokens minted by the TokenRequest API
 * (bound to a pod on a node, audience {@code wattshift-scheduler}), checked by {@link TokenReviewValidator}, and the
 * whole upgrade path through {@link TelemetryEndpoint}.
 */
@Tag("e2e")
class TokenReviewE2E {
    private static final String NS = "wattshift-system";
    private static final String DAEMON_SA = "wattshift-node-daemon";
    private static final String AUDIENCE = "wattshift-scheduler";

    @RegisterExtension
    static final ControlPlane cluster = ControlPlane.builder().noCrds().withoutControllerManager().gpuNodes("hall-t", 2).build();

    private static Vertx vertx;
    private static TokenReviewValidator validator;
    private static String node;
    private static String otherNode;

    @BeforeAll
    static void setUp() {
        KubernetesClient client = cluster.client();
        List<String> nodes = client.nodes().list().getItems().stream().map(n -> n.getMetadata().getName()).sorted().toList();
        node = nodes.get(0);
        otherNode = nodes.get(1);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        for (String sa : List.of(DAEMON_SA, "intruder")) {
            client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata().withName(sa)
                    .endMetadata().build()).create();
        }
        vertx = Vertx.vertx();
        validator = new TokenReviewValidator(client, vertx.createSharedWorkerExecutor("tokenreview", 1), List.of(AUDIENCE),
                NS, DAEMON_SA, Clock.systemUTC(), Duration.ofMinutes(1));
    }

    @AfterAll
    static void tearDown() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** A pod of {@code sa} on {@code onNode} and a token bound to it, as the kubelet would project. */
    private static String token(String sa, String onNode, String audience) {
        KubernetesClient client = cluster.client();
        String name = "daemon-" + sa + "-" + onNode + "-" + System.nanoTime();
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withServiceAccountName(sa).withNodeName(onNode).withAutomountServiceAccountToken(false)
                .addNewContainer().withName("daemon").withImage("wattshift/node-daemon:test").endContainer().endSpec().build())
                .create();
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withAudiences(audience).withExpirationSeconds(600L)
                .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(name).withUid(pod.getMetadata().getUid())
                .endBoundObjectRef().endSpec().build();
        return client.serviceAccounts().inNamespace(NS).withName(sa).tokenRequest(request).getStatus().getToken();
    }

    @Test
    void aPodBoundDaemonTokenIsAcceptedWithItsNode() throws Exception {
        DaemonIdentity id = validator.validate(token(DAEMON_SA, node, AUDIENCE)).await(30, TimeUnit.SECONDS);
        assertEquals("system:serviceaccount:" + NS + ":" + DAEMON_SA, id.username());
        assertEquals(Optional.of(node), id.boundNode());
    }

    @Test
    void aTokenForTheApiServersAudienceIsRefused() {
        String apiToken = token(DAEMON_SA, node, "https://kubernetes.default.svc.cluster.local");
        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> validator.validate(apiToken).await(30, TimeUnit.SECONDS));
        assertTrue(e.getMessage().startsWith("token review:"), e.getMessage());
    }

    @Test
    void anotherServiceAccountIsRefused() {
        String intruder = token("intruder", node, AUDIENCE);
        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> validator.validate(intruder).await(30, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("system:serviceaccount:" + NS + ":intruder"), e.getMessage());
    }

    @Test
    void theEndpointAdmitsTheDaemonForItsOwnNodeOnly() throws Exception {
        TelemetryStore store = new TelemetryStore(Clock.systemUTC(), Duration.ofSeconds(30));
        TelemetryEndpoint endpoint = new TelemetryEndpoint(vertx, () -> true, validator, store,
                new TelemetryMetrics(new SimpleMeterRegistry(), store, Clock.systemUTC()));
        Router router = Router.router(vertx);
        endpoint.mount(router);
        int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
        WebSocketClient client = vertx.createWebSocketClient();
        String token = token(DAEMON_SA, node, AUDIENCE);

        WebSocket ws = client.connect(options(port, token)).await(30, TimeUnit.SECONDS);
        ws.writeBinaryMessage(Buffer.buffer(WireCodec.encode(Samples.hello(node, 2)))).await(5, TimeUnit.SECONDS);
        ws.writeBinaryMessage(Buffer.buffer(WireCodec.encode(new SampleBatch(0, Samples.tick(2, System.currentTimeMillis(), 300_000)))))
                .await(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.node(node).map(v -> v.samples() < 2).orElse(true) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(2, store.node(node).orElseThrow().samples());

        WebSocket spoof = client.connect(options(port, token)).await(30, TimeUnit.SECONDS);
        BlockingQueue<Short> codes = new LinkedBlockingQueue<>();
        spoof.closeHandler(v -> codes.add(spoof.closeStatusCode()));
        spoof.writeBinaryMessage(Buffer.buffer(WireCodec.encode(Samples.hello(otherNode, 2)))).await(5, TimeUnit.SECONDS);
        assertEquals((short) 1008, codes.poll(10, TimeUnit.SECONDS));
        assertTrue(store.node(otherNode).isEmpty());
    }

    private static WebSocketConnectOptions options(int port, String token) {
        return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(WirePaths.TELEMETRY)
                .setHeaders(MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token));
    }
}
