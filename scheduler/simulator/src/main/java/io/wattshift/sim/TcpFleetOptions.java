package io.wattshift.sim;

import java.time.Duration;
import java.util.Arrays;

/**
 * How {@code simulate --miners tcp} plays a site ({@link TcpFleet}), and the checks that refuse a site it cannot
 * play honestly here.
 *
 * @param block          site miners per simulated miner; 0 = the smallest that keeps the site at or under
 *                       {@value #AUTO_MAX_TCP_MINERS} simulated miners
 * @param requestTimeout the adapter's limit per request (a silent miner costs this, twice, per exchange)
 * @param fault          a fault to inject, or null
 */
record TcpFleetOptions(int block, Duration requestTimeout, Fault fault) {
    /** Without an explicit block size, a site is played with at most this many simulated miners. */
    static final int AUTO_MAX_TCP_MINERS = 500;
    /** Open files kept free of listening ports: connections in flight, jars, the JVM's own. */
    static final int FD_HEADROOM = 2048;
    /** What a simulated miner draws asleep, as a fraction of its nameplate ({@code SimulatedMiner}). */
    static final double SIM_IDLE_FRACTION = 0.005;

    /** A fault injected into the first {@code minersPerHall} simulated miners of every hall at second {@code atS}. */
    record Fault(io.wattshift.miners.sim.MinerFault kind, int minersPerHall, long atS) {
    }

    /** Auto blocks, 1 s per request, no fault. */
    static TcpFleetOptions defaults() {
        return new TcpFleetOptions(0, Duration.ofSeconds(1), null);
    }

    /** The block size for halls of these sizes (miners each). */
    int blockFor(int[] hallMiners) {
        if (block > 0) {
            return block;
        }
        long total = Arrays.stream(hallMiners).asLongStream().sum();
        int k = (int) Math.max(1, (total + AUTO_MAX_TCP_MINERS - 1) / AUTO_MAX_TCP_MINERS);
        while (tcpMiners(hallMiners, k) > AUTO_MAX_TCP_MINERS) {
            k++; // each hall's last block may be partial
        }
        return k;
    }

    /** The block size for this site. */
    int blockFor(SiteConfig site) {
        return blockFor(hallMiners(site));
    }

    /** Simulated miners the site needs at its block size. */
    long tcpMiners(SiteConfig site) {
        return tcpMiners(hallMiners(site), blockFor(site));
    }

    /** Refuses, in one line, a site this model cannot play honestly here. */
    void check(SiteConfig site) {
        if (block < 0) {
            throw new IllegalArgumentException("--miner-block must be >= 1, got " + block);
        }
        long maxFds = maxOpenFiles();
        long needed = tcpMiners(site);
        if (maxFds > 0 && needed > maxFds - FD_HEADROOM) {
            throw new IllegalArgumentException(String.format(
                "--miners tcp: %d simulated miners need a listening socket each, over this process's limit of %d "
                    + "open files (ulimit -n) less %d for connections; use a larger --miner-block (now %d)",
                needed, maxFds, FD_HEADROOM, blockFor(site)));
        }
        for (SiteConfig.HallConfig h : site.halls()) {
            double idle = SIM_IDLE_FRACTION * h.miners().wattsEach();
            if (h.miners().count() > 0 && h.miners().standbyW() + 0.5 < idle) {
                throw new IllegalArgumentException(String.format(
                    "--miners tcp: hall %s: standbyW %.1f W is below what a simulated miner draws asleep, %.1f W "
                        + "(0.5 %% of wattsEach); the engine would book less than the miners draw",
                    h.name(), h.miners().standbyW(), idle));
            }
        }
    }

    /** One line for the report: what ran. */
    String describe(SiteConfig site) {
        int k = blockFor(site);
        return String.format("tcp: %d simulated LuxOS miners on 127.0.0.1, %s, commanded and read by the "
            + "real fleet adapter; ramps %d s down / %d s up in virtual time", tcpMiners(site), k == 1
                ? "one per site miner"
                : "each standing for a block of " + k + " site miners (nameplate " + k + " x wattsEach)",
            TcpFleet.RAMP_DOWN.toSeconds(), TcpFleet.RAMP_UP.toSeconds());
    }

    FleetModel.Factory factory() {
        return (halls, seed) -> new TcpFleet(halls, this);
    }

    /** Simulated miners for halls of these sizes at block {@code k}. */
    static long tcpMiners(int[] hallMiners, int k) {
        return Arrays.stream(hallMiners).mapToLong(c -> (c + (long) k - 1) / k).sum();
    }

    /** This process's open-file limit, or -1 where the JVM cannot tell. */
    static long maxOpenFiles() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.UnixOperatingSystemMXBean u ? u.getMaxFileDescriptorCount() : -1;
    }

    private static int[] hallMiners(SiteConfig site) {
        return site.halls().stream().mapToInt(h -> h.miners().count()).toArray();
    }
}
