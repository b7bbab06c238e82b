package io.wattshift.miners.sim;

import io.wattshift.miners.MinerCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a simulated ASIC fleet until killed, for the e2e cluster script:
 * {@code java -cp wattshift-miners.jar:... io.wattshift.miners.sim.FleetSimulatorMain --miners 200 --base-port 14028}.
 * Prints one line per miner ({@code id host:port watts J/TH}) so a script can build the Hall's miner list.
 * Options: {@code --miners N} (default 100), {@code --base-port P} (default 14028), {@code --host H} (127.0.0.1),
 * {@code --watts W} (3250), {@code --jth J} (spread from 17.5 to 29.5 across the fleet: a mixed S19/S21 fleet),
 * {@code --ramp-down-ms} (2000), {@code --ramp-up-ms} (5000), {@code --asleep} (start asleep), {@code --user U
 * --password P} (logon credentials, default none), {@code --protocol luxos|braiins} (default luxos: cgminer JSON over
 * TCP; braiins: the Braiins OS gRPC API, {@link BraiinsFleetSimulator}).
 */
public final class FleetSimulatorMain {

    private FleetSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        int miners = 100;
        int basePort = 14028;
        String host = "127.0.0.1";
        double watts = 3250;
        double jth = Double.NaN;
        long down = 2000;
        long up = 5000;
        boolean mining = true;
        String user = "";
        String password = "";
        String protocol = "luxos";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--miners" -> miners = Integer.parseInt(args[++i]);
                case "--base-port" -> basePort = Integer.parseInt(args[++i]);
                case "--host" -> host = args[++i];
                case "--watts" -> watts = Double.parseDouble(args[++i]);
                case "--jth" -> jth = Double.parseDouble(args[++i]);
                case "--ramp-down-ms" -> down = Long.parseLong(args[++i]);
                case "--ramp-up-ms" -> up = Long.parseLong(args[++i]);
                case "--asleep" -> mining = false;
                case "--user" -> user = args[++i];
                case "--password" -> password = args[++i];
                case "--protocol" -> protocol = args[++i];
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        List<MinerModel> models = new ArrayList<>();
        for (int i = 0; i < miners; i++) {
            double e = Double.isNaN(jth) ? 17.5 + 12.0 * i / Math.max(1, miners - 1) : jth;
            models.add(new MinerModel(String.format("asic-%04d", i), 1, watts, Math.round(e * 10) / 10.0, mining));
        }
        SimConfig config = SimConfig.loopback().withHost(host).withBasePort(basePort)
                .withRamps(Duration.ofMillis(down), Duration.ofMillis(up))
                .withCredentials(new MinerCredentials(user, password));
        AutoCloseable sim;
        List<SimulatedMiner> started;
        switch (protocol) {
            case "luxos" -> {
                FleetSimulator lux = FleetSimulator.start(config, models);
                sim = lux;
                started = lux.miners();
            }
            case "braiins" -> {
                BraiinsFleetSimulator bos = BraiinsFleetSimulator.start(config, models);
                sim = bos;
                started = bos.miners();
            }
            default -> {
                System.err.println("--protocol must be luxos or braiins, not " + protocol);
                System.exit(2);
                return;
            }
        }
        for (SimulatedMiner m : started) {
            var s = m.spec();
            System.out.printf("%s %s:%d %.0f %.1f%n", s.id(), s.host(), s.port(), s.nameplateWatts(), s.joulesPerTerahash());
        }
        System.out.flush();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                sim.close();
            } catch (Exception e) {
                System.err.println("closing the simulator: " + e);
            }
            done.countDown();
        }));
        done.await();
    }
}
