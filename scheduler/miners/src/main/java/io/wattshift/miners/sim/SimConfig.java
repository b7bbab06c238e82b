package io.wattshift.miners.sim;

import io.wattshift.miners.MinerCredentials;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a simulated fleet.
 *
 * @param host        loopback address to bind (the simulator never listens beyond the host it is given)
 * @param basePort    miner {@code i} listens on {@code basePort + i}; 0 lets the OS pick a free port per miner
 * @param rampDown    time from {@code curtail sleep} to idle draw
 * @param rampUp      time from {@code curtail wakeup} to nameplate draw
 * @param slowDelay   reply delay of miners with the {@link MinerFault#SLOW} fault
 * @param credentials what {@code logon} accepts; {@link MinerCredentials#NONE} accepts any logon
 * @param ioThreads   Netty event-loop threads
 * @param clock       time source of the power ramps
 */
public record SimConfig(String host, int basePort, Duration rampDown, Duration rampUp, Duration slowDelay,
                        MinerCredentials credentials, int ioThreads, Clock clock) {

    public SimConfig {
        Objects.requireNonNull(host);
        Objects.requireNonNull(rampDown);
        Objects.requireNonNull(rampUp);
        Objects.requireNonNull(slowDelay);
        Objects.requireNonNull(credentials);
        Objects.requireNonNull(clock);
    }

    /** Loopback, OS-chosen ports, 2 s ramp down, 5 s ramp up, 10 s slow replies, no credentials, 1 thread. */
    public static SimConfig loopback() {
        return new SimConfig("127.0.0.1", 0, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
                MinerCredentials.NONE, 1, Clock.systemUTC());
    }

    public SimConfig withRamps(Duration down, Duration up) {
        return new SimConfig(host, basePort, down, up, slowDelay, credentials, ioThreads, clock);
    }

    public SimConfig withCredentials(MinerCredentials c) {
        return new SimConfig(host, basePort, rampDown, rampUp, slowDelay, c, ioThreads, clock);
    }

    public SimConfig withBasePort(int port) {
        return new SimConfig(host, port, rampDown, rampUp, slowDelay, credentials, ioThreads, clock);
    }

    /** Binds on {@code h} (e.g. 127.0.0.2: another loopback address has every port free). */
    public SimConfig withHost(String h) {
        return new SimConfig(h, basePort, rampDown, rampUp, slowDelay, credentials, ioThreads, clock);
    }

    public SimConfig withSlowDelay(Duration d) {
        return new SimConfig(host, basePort, rampDown, rampUp, d, credentials, ioThreads, clock);
    }
}
