package io.wattshift.miners.luxos;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.wattshift.miners.AsyncLimiter;
import io.wattshift.miners.MinerError.Kind;
import io.wattshift.miners.MinerException;
import io.wattshift.miners.MinerSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

/**
 * The cgminer API transport: one request per TCP connection, the miner writes its reply (optionally terminated by a
 * NUL byte) and closes. Each attempt has a connect timeout and an overall deadline; retryable faults are retried
 * with exponential backoff; a per-fleet limiter bounds connections in flight. Thread-safe, non-blocking.
 */
final class CgminerTransport implements AutoCloseable {

    private final FleetClientConfig config;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final AsyncLimiter limiter;
    private volatile boolean closed;
    private volatile Consumer<byte[]> written = request -> { };

    CgminerTransport(FleetClientConfig config, String fleetName) {
        this.config = config;
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(),
                new DefaultThreadFactory("miners-" + fleetName, true), NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true);
        this.limiter = new AsyncLimiter(config.maxInFlight(), group);
    }

    /** Sends {@code json} to the miner and completes with its reply text (NUL stripped), or a {@link MinerException}. */
    CompletableFuture<String> request(MinerSpec miner, String json) {
        return attempt(miner, json.getBytes(StandardCharsets.UTF_8), 1);
    }

    int inFlight() {
        return limiter.inFlight();
    }

    /** Diagnostics: {@code listener} is told each request once it is fully written to its socket (I/O thread). */
    void onWritten(Consumer<byte[]> listener) {
        this.written = listener;
    }

    private CompletableFuture<String> attempt(MinerSpec miner, byte[] request, int attempt) {
        CompletableFuture<String> once = limiter.submit(() -> exchange(miner, request));
        if (attempt >= config.maxAttempts()) return once;
        return once.handle((reply, err) -> {
            if (err == null) return CompletableFuture.completedFuture(reply);
            if (closed || !MinerException.errorOf(err).kind().retryable()) return CompletableFuture.<String>failedFuture(err);
            CompletableFuture<String> retried = new CompletableFuture<>();
            long delayMs = config.backoff().toMillis() << (attempt - 1);
            group.schedule(() -> attempt(miner, request, attempt + 1).whenComplete((v, e) -> {
                if (e != null) retried.completeExceptionally(e);
                else retried.complete(v);
            }), delayMs, TimeUnit.MILLISECONDS);
            return retried;
        }).thenCompose(f -> f);
    }

    private CompletableFuture<String> exchange(MinerSpec miner, byte[] request) {
        if (closed) return CompletableFuture.failedFuture(new MinerException(Kind.CLOSED, "adapter closed"));
        CompletableFuture<String> reply = new CompletableFuture<>();
        ReplyCollector collector = new ReplyCollector(request, config.maxReplyBytes(), reply, written);
        Bootstrap b = bootstrap.clone().handler(collector);
        b.connect(miner.host(), miner.port()).addListener((ChannelFutureListener) cf -> {
            if (!cf.isSuccess()) {
                reply.completeExceptionally(new MinerException(Kind.CONNECT_FAILED,
                        miner.host() + ":" + miner.port() + ": " + cf.cause().getMessage()));
                return;
            }
            Channel ch = cf.channel();
            var deadline = ch.eventLoop().schedule(() -> {
                collector.fail(new MinerException(Kind.TIMEOUT, "no complete reply within "
                        + config.requestTimeout().toMillis() + " ms"));
                ch.close();
            }, config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            reply.whenComplete((v, e) -> deadline.cancel(false));
        });
        return reply;
    }

    @Override
    public void close() {
        closed = true;
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Writes the request on connect, gathers the reply until NUL or EOF, enforcing the size limit. */
    private static final class ReplyCollector extends ChannelInboundHandlerAdapter {
        private final byte[] request;
        private final int maxBytes;
        private final CompletableFuture<String> reply;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final Consumer<byte[]> written;

        ReplyCollector(byte[] request, int maxBytes, CompletableFuture<String> reply, Consumer<byte[]> written) {
            this.request = request;
            this.maxBytes = maxBytes;
            this.reply = reply;
            this.written = written;
        }

        @Override
        public boolean isSharable() {
            return false;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(request)).addListener(f -> {
                if (f.isSuccess()) written.accept(request);
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (reply.isDone()) return;
                int nul = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
                int take = (nul >= 0 ? nul : buf.writerIndex()) - buf.readerIndex();
                if (received.size() + take > maxBytes) {
                    fail(new MinerException(Kind.OVERSIZED_REPLY, "reply exceeds " + maxBytes + " bytes"));
                    ctx.close();
                    return;
                }
                buf.readBytes(received, take);
                if (nul >= 0) {
                    finish();
                    ctx.close();
                }
            } catch (java.io.IOException e) {
                fail(new MinerException(Kind.MALFORMED_REPLY, e.getMessage()));
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            finish();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(new MinerException(Kind.MALFORMED_REPLY, "I/O error: " + cause.getMessage()));
            ctx.close();
        }

        void fail(MinerException e) {
            reply.completeExceptionally(e);
        }

        private void finish() {
            if (reply.isDone()) return;
            if (received.size() == 0) fail(new MinerException(Kind.MALFORMED_REPLY, "connection closed without a reply"));
            else reply.complete(received.toString(StandardCharsets.UTF_8));
        }
    }
}
