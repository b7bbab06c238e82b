package io.wattshift.scheduler.telemetry;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link TokenValidator} through the Kubernetes TokenReview API ({@code authentication.k8s.io/v1 tokenreviews
 * create}): the token must be authenticated for one of our audiences (the daemon's projected token is minted for
 * the scheduler's audience, so it is useless against the API server) and belong to the node daemon's
 * ServiceAccount.
 *
 * <p>The blocking API call runs on the given worker executor. Accepted tokens are cached (by SHA-256, never in the
 * clear) for {@code cacheFor}, so a reconnect storm after a scheduler restart does not become a TokenReview storm;
 * rejections are not cached.
 */
public final class TokenReviewValidator implements TokenValidator {
    static final String NODE_NAME_EXTRA = "authentication.kubernetes.io/node-name";
    private static final int MAX_CACHED = 100_000;

    private final KubernetesClient client;
    private final WorkerExecutor worker;
    private final List<String> audiences;
    private final String allowedUser;
    private final Clock clock;
    private final Duration cacheFor;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(DaemonIdentity identity, Instant until) {
    }

    /**
     * @param audiences token audiences we accept (the chart's {@code nodeDaemon.tokenAudience}); empty: the API
     *                  server's own audience
     * @param serviceAccountNamespace namespace of the daemon's ServiceAccount
     * @param serviceAccountName name of the daemon's ServiceAccount
     */
    public TokenReviewValidator(KubernetesClient client, WorkerExecutor worker, List<String> audiences,
                                String serviceAccountNamespace, String serviceAccountName, Clock clock, Duration cacheFor) {
        this.client = client;
        this.worker = worker;
        this.audiences = List.copyOf(audiences);
        this.allowedUser = "system:serviceaccount:" + serviceAccountNamespace + ":" + serviceAccountName;
        this.clock = clock;
        this.cacheFor = cacheFor;
    }

    @Override
    public Future<DaemonIdentity> validate(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) {
            return Future.failedFuture(new TokenRejectedException("no bearer token"));
        }
        String key = sha256(bearerToken);
        Cached hit = cache.get(key);
        Instant now = clock.instant();
        if (hit != null && now.isBefore(hit.until())) {
            return Future.succeededFuture(hit.identity());
        }
        // unordered: Vert.x would otherwise run the reviews of one event loop one after another, across the pool
        return worker.executeBlocking(() -> review(bearerToken), false).onSuccess(identity -> {
            if (cache.size() >= MAX_CACHED) {
                cache.entrySet().removeIf(e -> !clock.instant().isBefore(e.getValue().until()));
                if (cache.size() >= MAX_CACHED) {
                    cache.clear();
                }
            }
            cache.put(key, new Cached(identity, clock.instant().plus(cacheFor)));
        });
    }

    private DaemonIdentity review(String token) {
        TokenReview request = new TokenReviewBuilder().withNewSpec().withToken(token).withAudiences(audiences).endSpec().build();
        TokenReviewStatus status = client.authentication().v1().tokenReviews().create(request).getStatus();
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
            String why = status == null || status.getError() == null || status.getError().isBlank()
                    ? "not authenticated" : status.getError();
            throw new TokenRejectedException("token review: " + why);
        }
        UserInfo user = status.getUser();
        String username = user == null ? "" : user.getUsername();
        if (!allowedUser.equals(username)) {
            throw new TokenRejectedException("token of " + username + " is not the node daemon's ServiceAccount " + allowedUser);
        }
        Optional<String> node = Optional.ofNullable(user.getExtra()).map(e -> e.get(NODE_NAME_EXTRA))
                .filter(v -> !v.isEmpty()).map(v -> v.get(0));
        return new DaemonIdentity(username, node);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
