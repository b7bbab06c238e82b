package io.wattshift.scheduler.mining;

import io.fabric8.kubernetes.api.model.Secret;
import io.wattshift.api.Miner;
import io.wattshift.api.MinerFleet;
import io.wattshift.api.MinerProtocol;
import io.wattshift.api.MiningPolicy;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerSpec;
import io.wattshift.miners.fleet.FleetPolicy;
import io.wattshift.miners.luxos.FleetClientConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Maps a Hall's {@code spec.miners}, the PowerPolicy's mining section and the fleet's Secret to miners types. */
public final class FleetSettings {

    private FleetSettings() {
    }

    /** The miners of a fleet; a missing port is the cgminer default 4028. */
    public static List<MinerSpec> miners(MinerFleet fleet) {
        return fleet.getMiners().stream().map(FleetSettings::miner).toList();
    }

    private static MinerSpec miner(Miner m) {
        return new MinerSpec(m.getName(), m.getHost(), m.getPort() == null ? MinerSpec.DEFAULT_PORT : m.getPort(),
                m.getNominalWatts(), m.getEfficiencyJoulesPerTerahash());
    }

    /**
     * What one miner of the fleet may draw asleep, W (the fleet's mean): the most a miner may draw and still count
     * as asleep, {@link FleetPolicy#asleepFraction()} of its nameplate (a miner drawing more counts as awake, at
     * nameplate). The Hall states no standby figure, so this bound is what the engine books as the fleet's standby:
     * every curtailment of a fleet whose miners did fall asleep is then confirmed, at the price of booking more than
     * a real sleeping ASIC draws (tens of watts).
     */
    public static double standbyWattsEach(MinerFleet fleet) {
        double asleep = policy(fleet, null).asleepFraction();
        return fleet.getMiners().stream().mapToDouble(m -> asleep * m.getNominalWatts()).average().orElse(0);
    }

    /** Client tuning: the fleet's timeout and concurrency where set, defaults otherwise. */
    public static FleetClientConfig clientConfig(MinerFleet fleet) {
        FleetClientConfig c = FleetClientConfig.defaults();
        if (fleet.getMaxConcurrentCommands() != null) c = c.withMaxInFlight(fleet.getMaxConcurrentCommands());
        if (fleet.getCommandTimeoutMillis() != null) {
            Duration t = Duration.ofMillis(fleet.getCommandTimeoutMillis());
            c = new FleetClientConfig(t, t, c.maxReplyBytes(), c.maxInFlight(), c.maxAttempts(), c.backoff(), c.ioThreads());
        }
        return c;
    }

    /** Curtailment policy: confirm timeout from the fleet (or the policy), minimum off time from the policy. */
    public static FleetPolicy policy(MinerFleet fleet, MiningPolicy mining) {
        FleetPolicy p = FleetPolicy.defaults();
        Integer confirm = fleet.getCurtailConfirmSeconds() != null ? fleet.getCurtailConfirmSeconds()
                : mining == null ? null : mining.getCurtailTimeoutSeconds();
        if (confirm != null) p = p.withConfirmTimeout(Duration.ofSeconds(confirm));
        if (mining != null && mining.getMinOffSeconds() != null) p = p.withMinOffTime(Duration.ofSeconds(mining.getMinOffSeconds()));
        return p;
    }

    /** Only LuxOS has an adapter so far; a BraiinsOS fleet is rejected with a message for the Hall's status. */
    public static void requireSupported(MinerFleet fleet) {
        if (fleet.getProtocol() != null && fleet.getProtocol() != MinerProtocol.LuxOS) {
            throw new IllegalArgumentException("miner protocol " + fleet.getProtocol() + " has no adapter yet (LuxOS only)");
        }
    }

    /** Credentials from the Secret's {@code username} and {@code password} keys ({@code data} or {@code stringData}). */
    public static MinerCredentials credentials(Secret secret) {
        return new MinerCredentials(value(secret, "username"), value(secret, "password"));
    }

    private static String value(Secret s, String key) {
        Map<String, String> data = s.getData();
        if (data != null && data.get(key) != null) {
            try {
                return new String(Base64.getDecoder().decode(data.get(key).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Secret " + s.getMetadata().getName() + ": key " + key + " is not base64");
            }
        }
        Map<String, String> plain = s.getStringData();
        if (plain != null && plain.get(key) != null) return plain.get(key);
        throw new IllegalArgumentException("Secret " + (s.getMetadata() == null ? "?" : s.getMetadata().getName())
                + " has no key " + key);
    }
}
