package io.wattshift.scheduler.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.vertx.core.Vertx;
import io.wattshift.engine.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TokenReview round trip against fabric8's mock API server (TokenReviewE2E runs it on a real one). */
@EnableKubernetesMockClient
class TokenReviewValidatorTest {
    private static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";
    private static final String DAEMON = "system:serviceaccount:wattshift-system:wattshift-node-daemon";

    KubernetesMockServer server;
    KubernetesClient client;
    private Vertx vertx;
    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-26T01:00:00Z"));
    private TokenReviewValidator validator;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        // no retries: a 500 should surface at once in this test
        KubernetesClient noRetry = new KubernetesClientBuilder().withConfig(
                new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build()).build();
        validator = new TokenReviewValidator(noRetry, vertx.createSharedWorkerExecutor("tokenreview", 1),
                List.of("wattshift-scheduler"), "wattshift-system", "wattshift-node-daemon", clock, Duration.ofMinutes(1));
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    private static TokenReview answer(boolean authenticated, String user, Map<String, List<String>> extra, String error) {
        return new TokenReviewBuilder().withNewStatus().withAuthenticated(authenticated).withError(error)
                .withNewUser().withUsername(user).withExtra(extra).endUser().endStatus().build();
    }

    @Test
    void theDaemonsTokenIsAcceptedWithItsBoundNodeAndTheAudienceIsAsked() throws Exception {
        server.expect().post().withPath(PATH).andReturn(201,
                answer(true, DAEMON, Map.of("authentication.kubernetes.io/node-name", List.of("gpu-node-7")), null)).once();
        DaemonIdentity id = validator.validate("token-a").await(5, TimeUnit.SECONDS);
        assertEquals(new DaemonIdentity(DAEMON, Optional.of("gpu-node-7")), id);
        String body = server.getLastRequest().getBody().readUtf8();
        assertTrue(body.contains("\"token\":\"token-a\"") && body.contains("\"audiences\":[\"wattshift-scheduler\"]"), body);
    }

    @Test
    void acceptedTokensAreCachedForAWhileThenReviewedAgain() throws Exception {
        server.expect().post().withPath(PATH).andReturn(201, answer(true, DAEMON, Map.of(), null)).times(2);
        validator.validate("token-b").await(5, TimeUnit.SECONDS);
        validator.validate("token-b").await(5, TimeUnit.SECONDS);
        assertEquals(1, server.getRequestCount());
        clock.advance(Duration.ofMinutes(2));
        assertEquals(Optional.empty(), validator.validate("token-b").await(5, TimeUnit.SECONDS).boundNode());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void anotherServiceAccountsTokenIsRefused() {
        server.expect().post().withPath(PATH).andReturn(201,
                answer(true, "system:serviceaccount:default:default", Map.of(), null)).once();
        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> validator.validate("token-c").await(5, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("is not the node daemon's ServiceAccount " + DAEMON), e.getMessage());
    }

    @Test
    void anUnauthenticatedTokenIsRefusedWithTheApiServersReason() {
        server.expect().post().withPath(PATH).andReturn(201,
                answer(false, null, null, "[invalid bearer token, token audiences [\"api\"] is invalid]")).once();
        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> validator.validate("token-d").await(5, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("invalid bearer token"), e.getMessage());
        assertThrows(TokenRejectedException.class, () -> validator.validate("").await(5, TimeUnit.SECONDS));
    }

    @Test
    void anApiServerErrorIsNotARejection() {
        server.expect().post().withPath(PATH).andReturn(500, "boom").once();
        Exception e = assertThrows(Exception.class, () -> validator.validate("token-e").await(5, TimeUnit.SECONDS));
        assertTrue(!(e instanceof TokenRejectedException), e.toString());
    }
}
