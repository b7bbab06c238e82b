package io.wattshift.scheduler.mining;

import io.fabric8.kubernetes.api.model.Secret;
import io.wattshift.api.Hall;
import io.wattshift.api.MinerFleet;
import io.wattshift.api.MiningPolicy;
import io.wattshift.miners.FirmwareProtocol;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerFleetAdapter;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.MinerSpec;
import io.wattshift.miners.fleet.FleetPolicy;
import io.wattshift.miners.fleet.HallFleet;
import io.wattshift.miners.luxos.FleetClientConfig;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link HallFleet} per Hall that declares miners, in step with the Halls and their Secrets: on every
 * {@link #update} a hall's fleet is (re)built when what it is made of (miners, client tuning, curtailment policy,
 * credentials) changed, removed when the Hall drops its miners, and a hall whose fleet cannot be built gets a
 * {@link Problem} (for its {@code MinersUnavailable} condition and {@code wattshift_mining_fleet_unavailable}) and
 * no fleet, so the controller answers its decisions with 0 kW and AI is never held back by it.
 *
 * <p>Threading: {@link #update} blocks (Secret reads) and must be called from one worker thread at a time;
 * {@link #problem} may be read from any thread.
 */
public final class HallFleets implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HallFleets.class);

    /** Why a hall has no fleet: a condition reason (CamelCase) and a message for people. */
    public record Problem(String reason, String message) {
    }

    /** Reads a Secret; null when it does not exist; throws when the API cannot be asked (blocking). */
    @FunctionalInterface
    public interface SecretLookup {
        Secret get(String namespace, String name);
    }

    /** What a fleet is built from; equal parts need no rebuild. */
    private record Parts(FirmwareProtocol protocol, List<MinerSpec> miners, FleetClientConfig client, FleetPolicy policy,
                         MinerCredentials credentials) {
    }

    private record Built(Parts parts, MinerFleetAdapter adapter) {
    }

    private final MiningLeaseController controller;
    private final SecretLookup secrets;
    private final String defaultNamespace;
    private final MinerMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService fleetTimers;
    private final Map<String, Built> built = new HashMap<>();
    private final Map<String, Problem> problems = new ConcurrentHashMap<>();
    private final Set<String> declared = ConcurrentHashMap.newKeySet();

    public HallFleets(MiningLeaseController controller, SecretLookup secrets, String defaultNamespace,
                      MinerMetrics metrics, Clock clock, ScheduledExecutorService fleetTimers) {
        this.controller = controller;
        this.secrets = secrets;
        this.defaultNamespace = defaultNamespace;
        this.metrics = metrics;
        this.clock = clock;
        this.fleetTimers = fleetTimers;
    }

    /** Brings the fleets in line with {@code halls} and the mining {@code policy} in force (may be null). */
    public void update(List<Hall> halls, MiningPolicy policy) {
        Set<String> seen = new HashSet<>();
        for (Hall hall : halls) {
            MinerFleet fleet = hall.getSpec() == null ? null : hall.getSpec().getMiners();
            if (fleet == null || fleet.getMiners() == null || fleet.getMiners().isEmpty()) continue;
            String name = hall.getMetadata().getName();
            seen.add(name);
            declared.add(name);
            try {
                Parts parts = parts(fleet, policy);
                Built old = built.get(name);
                if (old == null || !old.parts().equals(parts)) rebuild(name, parts, old);
                if (problems.remove(name) != null) LOG.info("hall {}: miner fleet available again", name);
                metrics.fleetUnavailable(name, false);
            } catch (UnavailableException e) {
                if (!e.problem.equals(problems.put(name, e.problem))) {
                    LOG.warn("hall {}: no mining, AI gets the hall's power ({}: {})", name, e.problem.reason(), e.problem.message());
                }
                drop(name);
                metrics.fleetUnavailable(name, true);
            } catch (RuntimeException e) {
                // the API server could not be asked: keep what we have and try again at the next update
                LOG.warn("hall {}: could not check the miner fleet's Secret: {}", name, e.toString());
            }
        }
        for (String name : Set.copyOf(declared)) {
            if (!seen.contains(name)) {
                declared.remove(name);
                problems.remove(name);
                drop(name);
                metrics.fleetUnavailable(name, false);
            }
        }
    }

    /**
     * The hall's state for its {@code MinersUnavailable} condition: empty when the hall declares no miners, a
     * null-reason-free {@link Problem} otherwise ({@code FleetReady} when its fleet is built).
     */
    public Optional<Problem> condition(String hall) {
        if (!declared.contains(hall)) return Optional.empty();
        return Optional.of(problems.getOrDefault(hall, READY));
    }

    /** The reason a built fleet reports. */
    public static final Problem READY = new Problem("FleetReady", "the scheduler commands this hall's miners");

    /** Halls whose fleet is built. */
    public Set<String> halls() {
        return Set.copyOf(built.keySet());
    }

    private Parts parts(MinerFleet fleet, MiningPolicy policy) {
        FirmwareProtocol protocol = FleetSettings.protocol(fleet);
        List<MinerSpec> miners;
        FleetClientConfig client;
        FleetPolicy fleetPolicy;
        try {
            miners = FleetSettings.miners(fleet);
            client = FleetSettings.clientConfig(fleet);
            fleetPolicy = FleetSettings.policy(fleet, policy);
        } catch (RuntimeException e) {
            throw new UnavailableException("InvalidMiners", String.valueOf(e.getMessage()));
        }
        MinerCredentials credentials = MinerCredentials.NONE;
        if (fleet.getCredentialsSecret() != null && fleet.getCredentialsSecret().getName() != null) {
            String ns = fleet.getCredentialsSecret().getNamespace() == null ? defaultNamespace
                    : fleet.getCredentialsSecret().getNamespace();
            String secretName = fleet.getCredentialsSecret().getName();
            Secret secret = secrets.get(ns, secretName);
            if (secret == null) throw new UnavailableException("SecretNotFound", "Secret " + ns + "/" + secretName + " not found");
            try {
                credentials = FleetSettings.credentials(secret);
            } catch (IllegalArgumentException e) {
                throw new UnavailableException("InvalidSecret", e.getMessage());
            }
        }
        return new Parts(protocol, miners, client, fleetPolicy, credentials);
    }

    private void rebuild(String hall, Parts parts, Built old) {
        MinerFleetAdapter adapter = parts.protocol().adapter(hall, parts.client(), parts.credentials(), clock);
        HallFleet fleet = new HallFleet(hall, parts.miners(), adapter, parts.policy(), clock, fleetTimers, metrics);
        built.put(hall, new Built(parts, adapter));
        controller.setFleet(hall, fleet).whenComplete((v, e) -> {
            if (old != null) old.adapter().close(); // after the new fleet's adoption: no command of the old one is cut off
            if (e != null) LOG.warn("hall {}: adopting the rebuilt fleet failed: {}", hall, e.toString());
        });
        LOG.info("hall {}: {} miner fleet {} with {} miners", hall, parts.protocol(), old == null ? "built" : "rebuilt",
                parts.miners().size());
    }

    private void drop(String hall) {
        Built old = built.remove(hall);
        if (old != null) {
            controller.setFleet(hall, null);
            old.adapter().close();
        }
    }

    @Override
    public void close() {
        built.values().forEach(b -> b.adapter().close());
        built.clear();
    }

    private static final class UnavailableException extends RuntimeException {
        final Problem problem;

        UnavailableException(String reason, String message) {
            super(message, null, false, false);
            this.problem = new Problem(reason, message);
        }
    }
}
