package io.wattshift.scheduler.mining;

import static io.wattshift.scheduler.mining.EngineMiningFixture.awaitAll;
import static io.wattshift.scheduler.mining.EngineMiningFixture.only;

import io.wattshift.engine.Decision;
import io.wattshift.engine.model.Market;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Benchmark: AI arrival to bind through the whole mining path, with a simulated ramp-down (default 2 s).
 * A hall of {@code miners} x 3 kW miners fully leased to mining (feed = fleet size) receives a 2 x 8-GPU training
 * job needing 16 kW: the engine curtails, the controller sleeps the worst miners over loopback TCP, polls their
 * power until they report idle, tells the engine, and the next step binds. Prints each round and the target
 * (ramp + 1 s).
 * Run: {@code mvn -B -q -o -pl scheduler/app test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.wattshift.scheduler.mining.AiArrivalBench -Dexec.args="200 2000 5"}.
 */
public final class AiArrivalBench {

    public static void main(String[] args) throws Exception {
        int miners = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long rampMs = args.length > 1 ? Long.parseLong(args[1]) : 2000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.printf("%d miners, ramp-down %d ms, target < %d ms%n", miners, rampMs, rampMs + 1000);
        System.out.printf("%-6s %14s %14s %10s%n", "round", "curtail ms", "bind ms", "miners");
        for (int r = 1; r <= rounds; r++) {
            try (var f = new EngineMiningFixture(miners, miners * 3.0, Duration.ofMillis(rampMs), new Market(40, 45))) {
                List<CompletableFuture<?>> mining = new ArrayList<>();
                f.step(mining);
                awaitAll(mining);
                Thread.sleep(300); // ramp-up (200 ms)
                long t0 = System.nanoTime();
                f.submitTraining("job-" + r);
                List<Decision> ds = f.step(mining);
                var cut = only(ds, Decision.CurtailMining.class);
                long curtailIssued = System.nanoTime() - t0;
                List<Decision.Bind> binds = only(ds, Decision.Bind.class);
                List<Decision> seen = new ArrayList<>(ds);
                while (binds.isEmpty()) {
                    // the live scheduler steps on every event; poll the engine the way its cycle would
                    Thread.sleep(5);
                    List<Decision> d = f.step(mining);
                    seen.addAll(d);
                    binds = only(d, Decision.Bind.class);
                    if (System.nanoTime() - t0 > 60_000_000_000L) {
                        System.out.println("round " + r + ": no bind after 60 s; decisions " + seen + "; halls "
                                + f.onContext(f.engine::halls) + "; lease " + f.controller.lease(EngineMiningFixture.HALL)
                                .map(l -> l.getSpec().getKilowatts() + " kW " + l.getStatus().getState() + " "
                                        + l.getStatus().getKilowatts() + " kW committed").orElse("none"));
                        break;
                    }
                }
                long bound = System.nanoTime() - t0;
                awaitAll(mining);
                long slept = f.sim.miners().stream().filter(m -> !m.mining()).count();
                System.out.printf("%-6d %14.1f %14.1f %10d   (%s)%n", r, curtailIssued / 1e6, bound / 1e6, slept,
                        cut.isEmpty() ? "no curtailment?" : "cut " + cut.get(0).kw() + " kW");
            }
        }
    }
}
