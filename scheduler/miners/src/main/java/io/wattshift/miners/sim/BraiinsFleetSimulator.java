package io.wattshift.miners.sim;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.wattshift.miners.MinerSpec;
import io.wattshift.miners.braiins.proto.ActionsServiceGrpc;
import io.wattshift.miners.braiins.proto.AuthenticationServiceGrpc;
import io.wattshift.miners.braiins.proto.GetMinerStatsRequest;
import io.wattshift.miners.braiins.proto.GetMinerStatsResponse;
import io.wattshift.miners.braiins.proto.GigaHashrate;
import io.wattshift.miners.braiins.proto.LoginRequest;
import io.wattshift.miners.braiins.proto.LoginResponse;
import io.wattshift.miners.braiins.proto.MinerPowerStats;
import io.wattshift.miners.braiins.proto.MinerServiceGrpc;
import io.wattshift.miners.braiins.proto.PauseMiningRequest;
import io.wattshift.miners.braiins.proto.PauseMiningResponse;
import io.wattshift.miners.braiins.proto.Power;
import io.wattshift.miners.braiins.proto.RealHashrate;
import io.wattshift.miners.braiins.proto.ResumeMiningRequest;
import io.wattshift.miners.braiins.proto.ResumeMiningResponse;
import io.wattshift.miners.braiins.proto.WorkSolverStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many simulated Braiins OS miners, one in-process gRPC server (grpc-netty, plaintext) on its own loopback port per
 * miner, all on one Netty event loop. Each serves the subset of the public API the adapter uses: {@code Login}
 * (checks the simulator's credentials when it has any, hands out a token), {@code PauseMining} / {@code ResumeMining}
 * and {@code GetMinerStats}, the last three only with a valid token in the {@code authorization} metadata. Power
 * ramps as in {@link SimulatedMiner}. Faults per miner, as for the LuxOS simulator ({@link MinerFault}): SILENT never
 * answers, SLOW answers after {@code slowDelay}, GARBAGE answers stats without their power section, OVERSIZED pads
 * its reply past any client limit, REFUSE_LOGON refuses every login.
 */
public final class BraiinsFleetSimulator implements AutoCloseable {

    private final EventLoopGroup group;
    private final List<Server> servers = new ArrayList<>();
    private final Map<String, SimulatedMiner> miners = new LinkedHashMap<>();
    private final Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong tokenCounter = new AtomicLong();
    private final SimConfig config;

    private BraiinsFleetSimulator(SimConfig config) {
        this.config = config;
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("bos-sim", true),
                NioIoHandler.newFactory());
    }

    /** Starts one server per miner; closes everything when one fails to start. */
    public static BraiinsFleetSimulator start(SimConfig config, List<MinerModel> models) throws IOException {
        BraiinsFleetSimulator sim = new BraiinsFleetSimulator(config);
        try {
            int index = 0;
            for (MinerModel model : models) {
                for (int i = 0; i < model.count(); i++, index++) {
                    String id = model.count() == 1 ? model.idPrefix() : String.format("%s-%04d", model.idPrefix(), i);
                    sim.serve(id, model, config.basePort() == 0 ? 0 : config.basePort() + index);
                }
            }
        } catch (IOException | RuntimeException e) {
            sim.close();
            throw e;
        }
        return sim;
    }

    private void serve(String id, MinerModel model, int port) throws IOException {
        SimulatedMiner[] holder = new SimulatedMiner[1];
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), port))
                .bossEventLoopGroup(group).workerEventLoopGroup(group).channelType(NioServerSocketChannel.class)
                .directExecutor()
                .addService(new Auth(holder))
                .addService(ServerInterceptors.intercept(new Actions(holder), new TokenCheck()))
                .addService(ServerInterceptors.intercept(new Stats(holder), new TokenCheck()))
                .build().start();
        servers.add(server);
        int actual = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
        MinerSpec spec = new MinerSpec(id, config.host(), actual, model.nameplateWatts(), model.joulesPerTerahash());
        holder[0] = new SimulatedMiner(spec, model.mining(), config.rampDown(), config.rampUp(), config.clock());
        miners.put(id, holder[0]);
    }

    public List<SimulatedMiner> miners() {
        return List.copyOf(miners.values());
    }

    public List<MinerSpec> specs() {
        return miners.values().stream().map(SimulatedMiner::spec).toList();
    }

    public SimulatedMiner miner(String id) {
        SimulatedMiner m = miners.get(id);
        if (m == null) throw new IllegalArgumentException("no simulated miner " + id);
        return m;
    }

    /** Pause/resume commands accepted since start. */
    public long commandsReceived() {
        return commands.get();
    }

    /** Forgets every token, as a miner restart does: the next authenticated call is UNAUTHENTICATED. */
    public void expireTokens() {
        tokens.clear();
    }

    @Override
    public void close() {
        for (Server s : servers) s.shutdownNow();
        for (Server s : servers) {
            try {
                s.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Sends {@code reply} as the miner's fault says: not at all, late, or at once. */
    private <T> void answer(SimulatedMiner miner, StreamObserver<T> out, java.util.function.Supplier<T> reply) {
        switch (miner.fault()) {
            case SILENT -> { /* never answers; the client's deadline ends the call */ }
            case SLOW -> group.schedule(() -> send(out, reply.get()), config.slowDelay().toMillis(), TimeUnit.MILLISECONDS);
            default -> send(out, reply.get());
        }
    }

    private static <T> void send(StreamObserver<T> out, T value) {
        try {
            out.onNext(value);
            out.onCompleted();
        } catch (RuntimeException e) {
            // the client gave up (deadline) before a slow answer: nothing to do
        }
    }

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final io.grpc.Context.Key<String> TOKEN = io.grpc.Context.key("token");

    /** Refuses calls without a token this simulator handed out. */
    private final class TokenCheck implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String token = headers.get(AUTHORIZATION);
            if (token == null || !tokens.containsKey(token)) {
                call.close(Status.UNAUTHENTICATED.withDescription("invalid or expired token"), new Metadata());
                return new ServerCall.Listener<>() { };
            }
            return next.startCall(call, headers);
        }
    }

    private final class Auth extends AuthenticationServiceGrpc.AuthenticationServiceImplBase {
        private final SimulatedMiner[] miner;

        Auth(SimulatedMiner[] miner) {
            this.miner = miner;
        }

        @Override
        public void login(LoginRequest request, StreamObserver<LoginResponse> out) {
            SimulatedMiner m = miner[0];
            var creds = config.credentials();
            boolean ok = m.fault() != MinerFault.REFUSE_LOGON && (creds.isEmpty()
                    || creds.username().equals(request.getUsername()) && creds.password().equals(request.getPassword()));
            if (!ok) {
                out.onError(Status.UNAUTHENTICATED.withDescription("invalid username or password").asRuntimeException());
                return;
            }
            String token = "t" + Long.toString(tokenCounter.incrementAndGet(), 36) + Integer.toString(m.spec().id().hashCode() & 0xffff, 36);
            tokens.put(token, m.spec().id());
            answer(m, out, () -> LoginResponse.newBuilder().setToken(token).setTimeoutS(3600).build());
        }
    }

    private final class Actions extends ActionsServiceGrpc.ActionsServiceImplBase {
        private final SimulatedMiner[] miner;

        Actions(SimulatedMiner[] miner) {
            this.miner = miner;
        }

        @Override
        public void pauseMining(PauseMiningRequest request, StreamObserver<PauseMiningResponse> out) {
            SimulatedMiner m = miner[0];
            answer(m, out, () -> {
                boolean already = !m.mining();
                m.setMining(false);
                commands.incrementAndGet();
                return PauseMiningResponse.newBuilder().setAlreadyPaused(already).build();
            });
        }

        @Override
        public void resumeMining(ResumeMiningRequest request, StreamObserver<ResumeMiningResponse> out) {
            SimulatedMiner m = miner[0];
            answer(m, out, () -> {
                boolean already = m.mining();
                m.setMining(true);
                commands.incrementAndGet();
                return ResumeMiningResponse.newBuilder().setAlreadyMining(already).build();
            });
        }
    }

    private final class Stats extends MinerServiceGrpc.MinerServiceImplBase {
        private final SimulatedMiner[] miner;

        Stats(SimulatedMiner[] miner) {
            this.miner = miner;
        }

        @Override
        public void getMinerStats(GetMinerStatsRequest request, StreamObserver<GetMinerStatsResponse> out) {
            SimulatedMiner m = miner[0];
            answer(m, out, () -> {
                var b = GetMinerStatsResponse.newBuilder().setMinerStats(WorkSolverStats.newBuilder().setRealHashrate(
                        RealHashrate.newBuilder().setLast5S(GigaHashrate.newBuilder()
                                .setGigahashPerSecond(m.terahashPerSecond() * 1000.0))));
                if (m.fault() != MinerFault.GARBAGE) {
                    b.setPowerStats(MinerPowerStats.newBuilder().setApproximatedConsumption(
                            Power.newBuilder().setWatt(Math.round(m.watts()))));
                }
                if (m.fault() == MinerFault.OVERSIZED) {
                    // an unknown length-delimited field of 1 MiB: valid protobuf, past any sane client limit
                    b.setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder().addField(999,
                            com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                                    .addLengthDelimited(com.google.protobuf.ByteString.copyFrom(new byte[1 << 20])).build()).build());
                }
                return b.build();
            });
        }
    }
}
