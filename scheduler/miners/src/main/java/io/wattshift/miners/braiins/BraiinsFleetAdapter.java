package io.wattshift.miners.braiins;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.wattshift.miners.AsyncLimiter;
import io.wattshift.miners.CurtailAction;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerError.Kind;
import io.wattshift.miners.MinerException;
import io.wattshift.miners.MinerFleetAdapter;
import io.wattshift.miners.MinerSpec;
import io.wattshift.miners.MinerStatus;
import io.wattshift.miners.braiins.proto.ActionsServiceGrpc;
import io.wattshift.miners.braiins.proto.AuthenticationServiceGrpc;
import io.wattshift.miners.braiins.proto.GetMinerStatsRequest;
import io.wattshift.miners.braiins.proto.GetMinerStatsResponse;
import io.wattshift.miners.braiins.proto.LoginRequest;
import io.wattshift.miners.braiins.proto.MinerServiceGrpc;
import io.wattshift.miners.braiins.proto.PauseMiningRequest;
import io.wattshift.miners.braiins.proto.ResumeMiningRequest;
import io.wattshift.miners.luxos.FleetClientConfig;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MinerFleetAdapter} for Braiins OS miners over their public gRPC API (port 50051): {@code PauseMining} /
 * {@code ResumeMining} to curtail, {@code GetMinerStats} to read power ({@code approximated_consumption}) and
 * hashrate ({@code real_hashrate.last_5s}). Every call but {@code Login} carries the session token in the
 * {@code authorization} metadata; the token is cached per miner and renewed once when the miner answers
 * UNAUTHENTICATED (it expired after an hour idle, or the miner restarted).
 *
 * <p>Same contract as the LuxOS adapter: futures never fail; each attempt has the fleet's request deadline
 * (a silent or slow miner cannot extend it), retryable faults (unreachable, deadline) are retried with backoff, a
 * per-fleet {@link AsyncLimiter} bounds calls in flight. One HTTP/2 channel per miner, kept open and shared by its
 * calls, on this adapter's own Netty event loop.
 */
public final class BraiinsFleetAdapter implements MinerFleetAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(BraiinsFleetAdapter.class);
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final FleetClientConfig config;
    private final MinerCredentials credentials;
    private final Clock clock;
    private final EventLoopGroup group;
    private final AsyncLimiter limiter;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public BraiinsFleetAdapter(String fleetName, FleetClientConfig config, MinerCredentials credentials, Clock clock) {
        this.config = config;
        this.credentials = credentials;
        this.clock = clock;
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(),
                new DefaultThreadFactory("braiins-" + fleetName, true), NioIoHandler.newFactory());
        this.limiter = new AsyncLimiter(config.maxInFlight(), group);
    }

    @Override
    public CompletableFuture<MinerStatus> curtail(MinerSpec miner, CurtailAction action) {
        CompletableFuture<? extends com.google.protobuf.Message> f = action == CurtailAction.SLEEP
                ? authenticated(miner, true, ch -> unary(ActionsServiceGrpc.newStub(ch),
                        PauseMiningRequest.getDefaultInstance(), ActionsServiceGrpc.ActionsServiceStub::pauseMining))
                : authenticated(miner, true, ch -> unary(ActionsServiceGrpc.newStub(ch),
                        ResumeMiningRequest.getDefaultInstance(), ActionsServiceGrpc.ActionsServiceStub::resumeMining));
        return settle(miner, f.thenApply(r -> MinerStatus.ok(miner.id(), clock.instant())));
    }

    @Override
    public CompletableFuture<MinerStatus> read(MinerSpec miner) {
        CompletableFuture<GetMinerStatsResponse> f = authenticated(miner, true, ch -> unary(MinerServiceGrpc.newStub(ch),
                GetMinerStatsRequest.getDefaultInstance(), MinerServiceGrpc.MinerServiceStub::getMinerStats));
        return settle(miner, f.thenApply(r -> {
            if (!r.hasPowerStats() || !r.getPowerStats().hasApproximatedConsumption()) {
                throw new MinerException(Kind.MALFORMED_REPLY, "GetMinerStats without power_stats.approximated_consumption");
            }
            double watts = r.getPowerStats().getApproximatedConsumption().getWatt();
            double ghs = r.getMinerStats().getRealHashrate().getLast5S().getGigahashPerSecond();
            if (!(ghs >= 0)) throw new MinerException(Kind.MALFORMED_REPLY, "GetMinerStats with a bad hashrate " + ghs);
            return MinerStatus.reading(miner.id(), watts, ghs / 1000.0, clock.instant());
        }));
    }

    /** Calls in flight right now. */
    public int inFlight() {
        return limiter.inFlight();
    }

    @Override
    public void close() {
        closed = true;
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Runs {@code call} with the miner's token, logging on first; an UNAUTHENTICATED answer renews the token once. */
    private <T> CompletableFuture<T> authenticated(MinerSpec miner, boolean mayRenew, Function<Channel, CompletableFuture<T>> call) {
        return token(miner).thenCompose(token -> withRetries(miner, () -> call.apply(withToken(channel(miner), token)), 1))
                .exceptionallyCompose(err -> {
                    MinerException e = asMinerException(err);
                    if (mayRenew && e.error().kind() == Kind.LOGON_REFUSED && tokens.remove(miner.id()) != null) {
                        return authenticated(miner, false, call);
                    }
                    return CompletableFuture.failedFuture(e);
                });
    }

    private CompletableFuture<String> token(MinerSpec miner) {
        String cached = tokens.get(miner.id());
        if (cached != null) return CompletableFuture.completedFuture(cached);
        LoginRequest login = LoginRequest.newBuilder().setUsername(credentials.username())
                .setPassword(credentials.password()).build();
        return withRetries(miner, () -> unary(AuthenticationServiceGrpc.newStub(channel(miner)), login,
                AuthenticationServiceGrpc.AuthenticationServiceStub::login), 1)
                .thenApply(r -> {
                    if (r.getToken().isEmpty()) throw new MinerException(Kind.MALFORMED_REPLY, "Login without a token");
                    tokens.put(miner.id(), r.getToken());
                    return r.getToken();
                });
    }

    private <T> CompletableFuture<T> withRetries(MinerSpec miner, java.util.function.Supplier<CompletableFuture<T>> call, int attempt) {
        CompletableFuture<T> once = limiter.submit(() -> closed
                ? CompletableFuture.failedFuture(new MinerException(Kind.CLOSED, "adapter closed")) : call.get());
        if (attempt >= config.maxAttempts()) return once;
        return once.handle((v, err) -> {
            if (err == null) return CompletableFuture.completedFuture(v);
            MinerException e = asMinerException(err);
            if (closed || !e.error().kind().retryable()) return CompletableFuture.<T>failedFuture(e);
            CompletableFuture<T> retried = new CompletableFuture<>();
            long delayMs = config.backoff().toMillis() << (attempt - 1);
            group.schedule(() -> withRetries(miner, call, attempt + 1).whenComplete((r, x) -> {
                if (x != null) retried.completeExceptionally(x);
                else retried.complete(r);
            }), delayMs, TimeUnit.MILLISECONDS);
            return retried;
        }).thenCompose(f -> f);
    }

    /** One unary call with the per-attempt deadline; a gRPC status becomes a typed {@link MinerException}. */
    private <S extends AbstractStub<S>, Q, R> CompletableFuture<R> unary(S stub, Q request, StubCall<S, Q, R> method) {
        CompletableFuture<R> f = new CompletableFuture<>();
        S s = stub.withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .withMaxInboundMessageSize(config.maxReplyBytes());
        method.call(s, request, new StreamObserver<>() {
            @Override
            public void onNext(R value) {
                f.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                f.completeExceptionally(asMinerException(t));
            }

            @Override
            public void onCompleted() {
                if (!f.isDone()) f.completeExceptionally(new MinerException(Kind.MALFORMED_REPLY, "no reply message"));
            }
        });
        return f;
    }

    @FunctionalInterface
    private interface StubCall<S, Q, R> {
        void call(S stub, Q request, StreamObserver<R> observer);
    }

    private ManagedChannel channel(MinerSpec miner) {
        return channels.computeIfAbsent(miner.id(), id -> NettyChannelBuilder.forAddress(miner.host(), miner.port())
                .eventLoopGroup(group).channelType(NioSocketChannel.class).usePlaintext()
                .withOption(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .maxInboundMessageSize(config.maxReplyBytes()).directExecutor().build());
    }

    private static Channel withToken(Channel ch, String token) {
        Metadata md = new Metadata();
        md.put(AUTHORIZATION, token);
        return ClientInterceptors.intercept(ch, MetadataUtils.newAttachHeadersInterceptor(md));
    }

    /** Maps a gRPC status to the shared error kinds (the same kinds the LuxOS adapter reports). */
    static MinerException asMinerException(Throwable t) {
        Throwable c = t;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) c = c.getCause();
        if (c instanceof MinerException m) return m;
        Status s = Status.fromThrowable(c);
        String detail = s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
        Kind kind = switch (s.getCode()) {
            case UNAVAILABLE -> Kind.CONNECT_FAILED;
            case DEADLINE_EXCEEDED -> Kind.TIMEOUT;
            case RESOURCE_EXHAUSTED -> Kind.OVERSIZED_REPLY;
            case UNAUTHENTICATED, PERMISSION_DENIED -> Kind.LOGON_REFUSED;
            case CANCELLED -> Kind.CLOSED;
            case INTERNAL, UNKNOWN, DATA_LOSS -> Kind.MALFORMED_REPLY; // e.g. a reply that does not parse
            default -> Kind.COMMAND_REJECTED;
        };
        return new MinerException(kind, detail);
    }

    private CompletableFuture<MinerStatus> settle(MinerSpec miner, CompletableFuture<MinerStatus> f) {
        return f.exceptionally(err -> {
            var error = asMinerException(err).error();
            LOG.debug("miner {}: {}", miner.id(), error);
            return MinerStatus.failed(miner.id(), error, clock.instant());
        });
    }
}
