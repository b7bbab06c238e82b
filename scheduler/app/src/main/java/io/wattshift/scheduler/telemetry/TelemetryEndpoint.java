package io.wattshift.scheduler.telemetry;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.wattshift.wire.CapResult;
import io.wattshift.wire.WirePaths;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's end of the node daemons' telemetry streams: a WebSocket route at {@link WirePaths#TELEMETRY},
 * mounted on the scheduler's HTTP server with {@link #mount(Router)}.
 *
 * <p>Only the leader takes streams: the scheduler runs as two replicas behind one Service and only the leader
 * schedules, so a stream on the standby would leave its node stale (counted at nameplate) and uncappable on the
 * leader. A standby refuses the upgrade with {@code 503}, {@code Retry-After: 1} and the body {@code not the
 * leader}; the daemon retries soon and the Service's load balancing lands it on the leader within a few tries. A
 * leader that loses the lease exits, dropping its streams, and the daemons reconnect to the new one.
 *
 * <p>A daemon upgrades with {@code Authorization: Bearer <ServiceAccount token>}; the {@link TokenValidator}
 * (TokenReview) decides before the upgrade (401 when the token is refused, 503 when it cannot be checked). Each
 * stream then says hello, streams samples into the {@link TelemetrySink}, and carries power cap commands back
 * ({@link PowerCapCommands}). A node has at most one stream: a new one replaces the old.
 *
 * <p>Threads: handlers run on the HTTP server's event loops and never block; token validation runs where the
 * validator puts it.
 */
public final class TelemetryEndpoint implements PowerCapCommands {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryEndpoint.class);

    /**
     * Timing of the streams.
     *
     * @param helloTimeout a new stream that has not said hello by then is closed
     * @param capTimeout a cap request the daemon has not answered by then fails with a TimeoutException
     * @param maxSessionAge a stream is closed (normally) after this long, so the daemon reconnects with its current,
     *                      rotated token and is authenticated again: a revoked token does not stream forever
     */
    public record Settings(Duration helloTimeout, Duration capTimeout, Duration maxSessionAge) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofHours(1));
        }
    }

    /** What a standby tells a daemon to wait: short, since about every other retry reaches the leader. */
    static final int NOT_LEADER_RETRY_AFTER_SECONDS = 1;

    private final Vertx vertx;
    private final BooleanSupplier leader;
    private final TokenValidator validator;
    private final TelemetrySink sink;
    private final TelemetryMetrics metrics;
    private final Settings settings;
    private final Map<String, DaemonSession> sessions = new ConcurrentHashMap<>();

    /**
     * @param leader true while this instance holds the scheduler's Lease. Read on an event loop for every upgrade:
     *               must be cheap and never block (production: {@code SchedulerService::leading}, a volatile read)
     */
    public TelemetryEndpoint(Vertx vertx, BooleanSupplier leader, TokenValidator validator, TelemetrySink sink,
                             TelemetryMetrics metrics) {
        this(vertx, leader, validator, sink, metrics, Settings.defaults());
    }

    public TelemetryEndpoint(Vertx vertx, BooleanSupplier leader, TokenValidator validator, TelemetrySink sink,
                             TelemetryMetrics metrics, Settings settings) {
        this.vertx = vertx;
        this.leader = leader;
        this.validator = validator;
        this.sink = sink;
        this.metrics = metrics;
        this.settings = settings;
    }

    /** Adds the telemetry route to the scheduler's router. */
    public void mount(Router router) {
        router.get(WirePaths.TELEMETRY).handler(this::handle);
    }

    /** Nodes with an open stream. */
    public Set<String> connectedNodes() {
        return Set.copyOf(sessions.keySet());
    }

    @Override
    public Future<CapResult> setPowerCap(String node, int gpuIndex, long milliwatts) {
        DaemonSession session = sessions.get(node);
        if (session == null) {
            metrics.capRequest("not_connected");
            return Future.failedFuture(new NodeNotConnectedException(node));
        }
        return session.sendCap(gpuIndex, milliwatts).andThen(ar -> metrics.capRequest(ar.succeeded()
                ? ar.result().outcome().name().toLowerCase()
                : ar.cause() instanceof TimeoutException ? "timeout" : "not_connected"));
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!request.canUpgradeToWebSocket()) {
            ctx.response().setStatusCode(400).end("expected a WebSocket upgrade\n");
            return;
        }
        if (!leader.getAsBoolean()) {
            refuseAsStandby(ctx);
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
        request.pause();
        validator.validate(token).onComplete(ar -> {
            if (ar.failed()) {
                boolean refused = ar.cause() instanceof TokenRejectedException;
                metrics.rejected(refused ? "unauthenticated" : "validation_error");
                LOG.warn("telemetry connection from {} refused: {}", request.remoteAddress(), ar.cause().getMessage());
                ctx.response().setStatusCode(refused ? 401 : 503).end(refused ? "unauthorized\n" : "token validation unavailable\n");
                return;
            }
            request.toWebSocket().onSuccess(ws -> new DaemonSession(vertx, ws, ar.result(), this, sink, metrics, settings))
                    .onFailure(e -> LOG.warn("WebSocket upgrade failed: {}", e.toString()));
        });
    }

    /**
     * Before the token check, so a standby spares the API server a TokenReview per retry. Routine during a failover
     * and for every other daemon connect, hence counted and logged at debug only; the 503 keeps its
     * {@code Retry-After} (unlike "token validation unavailable"), which is how the daemon tells the two apart.
     */
    private void refuseAsStandby(RoutingContext ctx) {
        metrics.refused("not_leader");
        LOG.debug("telemetry stream from {} refused: not the leader", ctx.request().remoteAddress());
        ctx.response().setStatusCode(503)
                .putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(NOT_LEADER_RETRY_AFTER_SECONDS))
                .end("not the leader\n");
    }

    void register(DaemonSession session) {
        DaemonSession old = sessions.put(session.node(), session);
        if (old != null && old != session) {
            old.close("replaced by a newer stream from the same node");
        }
    }

    /** Returns true when {@code session} was the node's current stream. */
    boolean unregister(DaemonSession session) {
        return sessions.remove(session.node(), session);
    }
}
