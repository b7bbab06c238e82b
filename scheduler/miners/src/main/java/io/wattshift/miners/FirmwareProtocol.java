package io.wattshift.miners;

import io.wattshift.miners.braiins.BraiinsFleetAdapter;
import io.wattshift.miners.luxos.FleetClientConfig;
import io.wattshift.miners.luxos.LuxosFleetAdapter;
import java.time.Clock;

/**
 * The miner firmware APIs Wattshift speaks, and the one place that builds an adapter for each (callers, like the
 * scheduler's {@code HallFleets}, pick by protocol and never name an adapter class). Adding a firmware: a constant
 * here with its default port and its adapter.
 */
public enum FirmwareProtocol {
    /** LuxOS: the cgminer-style JSON API over TCP, one request per connection. */
    LUXOS(MinerSpec.DEFAULT_PORT) {
        @Override
        public MinerFleetAdapter adapter(String fleetName, FleetClientConfig config, MinerCredentials credentials, Clock clock) {
            return new LuxosFleetAdapter(fleetName, config, credentials, clock);
        }
    },
    /** Braiins OS: the public gRPC API (braiins.bos.v1) over HTTP/2. */
    BRAIINS_OS(50051) {
        @Override
        public MinerFleetAdapter adapter(String fleetName, FleetClientConfig config, MinerCredentials credentials, Clock clock) {
            return new BraiinsFleetAdapter(fleetName, config, credentials, clock);
        }
    };

    private final int defaultPort;

    FirmwareProtocol(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The port the firmware's API listens on unless the site says otherwise. */
    public int defaultPort() {
        return defaultPort;
    }

    /** A new adapter for one fleet of miners running this firmware; the caller closes it. */
    public abstract MinerFleetAdapter adapter(String fleetName, FleetClientConfig config, MinerCredentials credentials,
                                              Clock clock);
}
