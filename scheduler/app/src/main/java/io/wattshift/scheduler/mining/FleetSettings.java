package io.wattshift.scheduler.mining;

import io.fabric8.kubernetes.api.model.Secret;
import io.wattshift.api.Miner;
import io.wattshift.api.MinerFleet;
import io.wattshift.api.MinerProtocol;
import io.wattshift.api.MiningPolicy;
import io.wattshift.miners.FirmwareProtocol;
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

    /**
     * The miners of a fleet; a missing port is the firmware's default (LuxOS 4028, Braiins OS 50051), a miner's standby its own
     * {@code standbyWatts}, else the fleet's, else not declared.
     */
    public static List<MinerSpec> miners(MinerFleet fleet) {
        return fleet.getMiners().stream().map(m -> miner(m, fleet)).toList();
    }

    private static MinerSpec miner(Miner m, MinerFleet fleet) {
        return new MinerSpec(m.getName(), m.getHost(), m.getPort() == null ? protocol(fleet).defaultPort() : m.getPort(),
                m.getNominalWatts(), m.getEfficiencyJoulesPerTerahash(), declaredStandby(m, fleet));
    }

    /** The miner's declared standby, W: its own, else the fleet's, else {@link MinerSpec#STANDBY_NOT_DECLARED}. */
    static double declaredStandby(Miner m, MinerFleet fleet) {
        Double w = m.getStandbyWatts() != null ? m.getStandbyWatts() : fleet.getStandbyWatts();
        return w == null ? MinerSpec.STANDBY_NOT_DECLARED : w;
    }

    /**
     * What one miner of the fleet may draw asleep, W (the fleet's mean, so that count x this is the fleet's sum): the
     * most a miner may draw and still count as asleep, {@link FleetPolicy#asleepWatts}. That is the miner's declared
     * standby ({@code standbyWatts} on the miner or the fleet) or, where none is declared,
     * {@link FleetPolicy#asleepFraction()} of its nameplate. The fleet confirms a miner asleep only at or below the
     * same figure (a miner drawing more counts as awake, at nameplate), so every confirmed curtailment fits what the
     * engine books. Undeclared, the bound books far more than a real sleeping ASIC draws (tens of watts).
     */
    public static double standbyWattsEach(MinerFleet fleet) {
        FleetPolicy policy = policy(fleet, null);
        return fleet.getMiners().stream()
                .mapToDouble(m -> policy.asleepWatts(m.getNominalWatts(), declaredStandby(m, fleet)))
                .sum() / Math.max(1, fleet.getMiners().size());
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

    /**
     * The latest a curtailment of this fleet ({@code HallFleet.curtail}) answers after it starts: its miners' commands
     * (a logon and the curtail, {@link #longestRequest} each) or its confirm time, whichever ends later, then one poll
     * interval and one last reading of a miner that has not confirmed (a silent miner's takes {@link #longestRequest}).
     * Queueing behind {@code maxConcurrentCommands} is not counted.
     */
    public static Duration curtailAnsweredWithin(MinerFleet fleet, MiningPolicy mining) {
        Duration request = longestRequest(clientConfig(fleet));
        Duration commands = request.multipliedBy(2);
        FleetPolicy p = policy(fleet, mining);
        Duration confirm = p.confirmTimeout();
        return (confirm.compareTo(commands) > 0 ? confirm : commands).plus(p.pollInterval()).plus(request);
    }

    /** The longest one request can take through every attempt: connect and reply timeouts, plus the backoffs. */
    static Duration longestRequest(FleetClientConfig c) {
        Duration attempt = c.connectTimeout().plus(c.requestTimeout());
        Duration total = attempt.multipliedBy(c.maxAttempts());
        for (int a = 1; a < c.maxAttempts(); a++) {
            total = total.plus(c.backoff().multipliedBy(1L << (a - 1)));
        }
        return total;
    }

    /** The firmware the fleet's miners run: the Hall's {@code protocol}, LuxOS when unset. */
    public static FirmwareProtocol protocol(MinerFleet fleet) {
        MinerProtocol p = fleet.getProtocol() == null ? MinerProtocol.LuxOS : fleet.getProtocol();
        return switch (p) {
            case LuxOS -> FirmwareProtocol.LUXOS;
            case BraiinsOS -> FirmwareProtocol.BRAIINS_OS;
        };
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
