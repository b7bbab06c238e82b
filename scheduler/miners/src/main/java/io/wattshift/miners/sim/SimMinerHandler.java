package io.wattshift.miners.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Serves one connection to one simulated miner the way cgminer does: read one JSON request, write the reply
 * followed by a NUL byte, close. Faults replace the reply as configured.
 */
final class SimMinerHandler extends ChannelInboundHandlerAdapter {

    private static final int MAX_REQUEST = 4096;

    private final SimulatedMiner miner;
    private final LuxosResponder responder;
    private final Duration slowDelay;
    private final ByteArrayOutputStream request = new ByteArrayOutputStream();
    private boolean answered;

    SimMinerHandler(SimulatedMiner miner, LuxosResponder responder, Duration slowDelay) {
        this.miner = miner;
        this.responder = responder;
        this.slowDelay = slowDelay;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (answered) return;
            buf.readBytes(request, Math.min(buf.readableBytes(), MAX_REQUEST + 1 - request.size()));
        } catch (java.io.IOException e) {
            ctx.close();
            return;
        } finally {
            buf.release();
        }
        if (request.size() > MAX_REQUEST) {
            ctx.close();
            return;
        }
        String text = request.toString(StandardCharsets.UTF_8);
        if (!LuxosResponder.isComplete(text)) return;
        answered = true;
        MinerFault fault = miner.fault();
        switch (fault) {
            case SILENT -> { /* keep the connection open and say nothing */ }
            case GARBAGE -> send(ctx, "\u0001\u0002<html>502 bad gateway</html>{{{");
            case OVERSIZED -> send(ctx, "{\"STATUS\":[{\"STATUS\":\"S\"}],\"PAD\":\"" + "x".repeat(1 << 20) + "\"}");
            case SLOW -> ctx.executor().schedule(() -> send(ctx, responder.respond(miner, text, false)),
                    slowDelay.toMillis(), TimeUnit.MILLISECONDS);
            default -> send(ctx, responder.respond(miner, text, fault == MinerFault.REFUSE_LOGON));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static void send(ChannelHandlerContext ctx, String reply) {
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        ByteBuf out = Unpooled.buffer(bytes.length + 1).writeBytes(bytes).writeByte(0);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }
}
