package io.wattshift.miners.sim;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts open connections across the simulated fleet and remembers the peak. */
@ChannelHandler.Sharable
final class ConnectionGauge extends ChannelInboundHandlerAdapter {

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        peak.accumulateAndGet(open.incrementAndGet(), Math::max);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        ctx.fireChannelInactive();
    }

    int peak() {
        return peak.get();
    }
}
