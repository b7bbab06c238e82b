package io.wattshift.miners.sim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.wattshift.miners.MinerSpec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;


/**
 * Many simulated LuxOS miners, each listening on its own port, served by one Netty server group. Used by unit
 * tests, benchmarks, the {@code simulate} mode and the e2e cluster script ({@link FleetSimulatorMain}).
 */
public final class FleetSimulator implements AutoCloseable {

    private final EventLoopGroup group;
    private final List<Channel> listeners = new ArrayList<>();
    private final Map<String, SimulatedMiner> miners = new LinkedHashMap<>();
    private final ConnectionGauge connections = new ConnectionGauge();
    private LuxosResponder responder;

    private FleetSimulator(SimConfig config) {
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("asic-sim", true),
                NioIoHandler.newFactory());
    }

    /** Binds one port per miner and returns the running simulator; closes everything if a bind fails. */
    public static FleetSimulator start(SimConfig config, List<MinerModel> models) throws InterruptedException {
        FleetSimulator sim = new FleetSimulator(config);
        try {
            sim.bindAll(config, models);
        } catch (RuntimeException | InterruptedException e) {
            sim.close();
            throw e;
        }
        return sim;
    }

    private void bindAll(SimConfig config, List<MinerModel> models) throws InterruptedException {
        responder = new LuxosResponder(config.credentials());
        int index = 0;
        for (MinerModel model : models) {
            for (int i = 0; i < model.count(); i++, index++) {
                int port = config.basePort() == 0 ? 0 : config.basePort() + index;
                SimulatedMiner[] holder = new SimulatedMiner[1];
                ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(connections, new SimMinerHandler(holder[0], responder, config.slowDelay()));
                            }
                        });
                Channel ch = b.bind(config.host(), port).sync().channel();
                listeners.add(ch);
                int actual = ((InetSocketAddress) ch.localAddress()).getPort();
                String id = model.count() == 1 ? model.idPrefix() : String.format("%s-%04d", model.idPrefix(), i);
                MinerSpec spec = new MinerSpec(id, config.host(), actual, model.nameplateWatts(), model.joulesPerTerahash());
                holder[0] = new SimulatedMiner(spec, model.mining(), config.rampDown(), config.rampUp(), config.clock());
                miners.put(id, holder[0]);
            }
        }
    }

    public List<SimulatedMiner> miners() {
        return Collections.unmodifiableList(new ArrayList<>(miners.values()));
    }

    public List<MinerSpec> specs() {
        return miners.values().stream().map(SimulatedMiner::spec).toList();
    }

    public SimulatedMiner miner(String id) {
        SimulatedMiner m = miners.get(id);
        if (m == null) throw new IllegalArgumentException("no simulated miner " + id);
        return m;
    }

    /** Most connections open at once since start (to check clients' concurrency limits). */
    public int peakConnections() {
        return connections.peak();
    }

    /** Curtail commands (sleep or wakeup) accepted by all miners since start. */
    public long commandsReceived() {
        return responder == null ? 0 : responder.curtailCommands();
    }

    /** Total power the simulated fleet draws now, in watts. */
    public double totalWatts() {
        return miners.values().stream().mapToDouble(SimulatedMiner::watts).sum();
    }

    @Override
    public void close() {
        for (Channel c : listeners) c.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
