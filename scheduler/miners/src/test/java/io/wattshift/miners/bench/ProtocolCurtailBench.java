package io.wattshift.miners.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wattshift.miners.CurtailAction;
import io.wattshift.miners.FirmwareProtocol;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerFleetAdapter;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.MinerSpec;
import io.wattshift.miners.MinerStatus;
import io.wattshift.miners.fleet.CurtailmentReport;
import io.wattshift.miners.fleet.FleetPolicy;
import io.wattshift.miners.fleet.HallFleet;
import io.wattshift.miners.luxos.FleetClientConfig;
import io.wattshift.miners.sim.BraiinsFleetSimulator;
import io.wattshift.miners.sim.FleetSimulator;
import io.wattshift.miners.sim.MinerModel;
import io.wattshift.miners.sim.SimConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * Curtail fan-out of one fleet, the same harness for both firmware: N simulated miners in this JVM (ramp-down 0),
 * sessions/tokens warm, then per round every miner is woken and a grid event sheds the whole fleet through
 * {@link HallFleet#curtailTo}; prints the time to all commands acknowledged and to all confirmed asleep.
 * {@code exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.wattshift.miners.bench.ProtocolCurtailBench
 * -Dexec.args="luxos|braiins <miners> <rounds> <inFlight>"}.
 */
public final class ProtocolCurtailBench {

    private ProtocolCurtailBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) throw new IllegalArgumentException("usage: luxos|braiins <miners> <rounds> <inFlight>");
        FirmwareProtocol protocol = switch (args[0]) {
            case "luxos" -> FirmwareProtocol.LUXOS;
            case "braiins" -> FirmwareProtocol.BRAIINS_OS;
            default -> throw new IllegalArgumentException("protocol must be luxos or braiins: " + args[0]);
        };
        int n = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int inFlight = Integer.parseInt(args[3]);
        SimConfig sim = SimConfig.loopback().withRamps(Duration.ZERO, Duration.ZERO);
        List<MinerModel> models = List.of(new MinerModel("m", n, 3250, 20, true));
        AutoCloseable simulator;
        List<MinerSpec> specs;
        if (protocol == FirmwareProtocol.LUXOS) {
            FleetSimulator s = FleetSimulator.start(sim, models);
            simulator = s;
            specs = s.specs();
        } else {
            BraiinsFleetSimulator s = BraiinsFleetSimulator.start(sim, models);
            simulator = s;
            specs = s.specs();
        }
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        FleetClientConfig client = FleetClientConfig.defaults().withMaxInFlight(inFlight);
        try (simulator; MinerFleetAdapter adapter = protocol.adapter("bench", client, MinerCredentials.NONE, Clock.systemUTC())) {
            HallFleet fleet = new HallFleet("bench", specs, adapter, FleetPolicy.defaults()
                    .withConfirmTimeout(Duration.ofSeconds(30)), Clock.systemUTC(), scheduler,
                    new MinerMetrics(new SimpleMeterRegistry()));
            for (int r = 0; r <= rounds; r++) {
                all(adapter, specs, CurtailAction.WAKEUP); // also logs on (warm sessions/tokens)
                fleet.refresh().join();
                long t0 = System.nanoTime();
                long acked = all(adapter, specs, CurtailAction.SLEEP);
                long ackMs = (acked - t0) / 1_000_000;
                all(adapter, specs, CurtailAction.WAKEUP);
                fleet.refresh().join();
                long t1 = System.nanoTime();
                CurtailmentReport report = fleet.curtailTo(0).join();
                long confirmMs = (System.nanoTime() - t1) / 1_000_000;
                System.out.printf(Locale.ROOT, "%s round %d%s: %d miners, in flight %d: all acked %d ms, curtailTo(0) all confirmed %d ms (%d confirmed)%n",
                        args[0], r, r == 0 ? " (warm-up)" : "", n, inFlight, ackMs, confirmMs, report.confirmed().size());
            }
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** Sends {@code action} to every miner at once; returns System.nanoTime() when the last answered. */
    private static long all(MinerFleetAdapter adapter, List<MinerSpec> specs, CurtailAction action) {
        List<CompletableFuture<MinerStatus>> fs = new ArrayList<>(specs.size());
        for (MinerSpec m : specs) fs.add(adapter.curtail(m, action));
        CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).join();
        long failed = fs.stream().filter(f -> !f.join().healthy()).count();
        if (failed > 0) System.out.println("  " + failed + " " + action + " commands failed");
        return System.nanoTime();
    }
}
