package io.wattshift.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.miners.fleet.FleetSnapshot;
import io.wattshift.miners.fleet.MinerView;
import io.wattshift.miners.sim.MinerFault;
import io.wattshift.miners.sim.SimulatedMiner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate --miners tcp} on a small site (two halls, 160 miners, one TCP miner each) over a six-hour trace:
 * the real fleet adapter commands FleetSimulator miners on loopback in virtual time.
 */
class TcpFleetTest {
    @TempDir
    static Path dir;
    static SiteConfig site;
    static Traces.Trace trace;

    @BeforeAll
    static void load() throws IOException {
        site = SiteLoader.load(copy("small-site.yaml"));
        trace = Traces.readCsv(copy("small-trace.csv"), site);
    }

    private static Path copy(String resource) throws IOException {
        Path p = dir.resolve(resource);
        try (InputStream in = TcpFleetTest.class.getResourceAsStream(resource)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    private static PolicyReport run(FleetModel.Factory miners) {
        return new Simulation(site, trace, PriceSeries.flat(45), 45, PolicyKind.WATTSHIFT, 42, line -> { }, miners)
            .run();
    }

    /** Runs over TCP and hands back the fleet model (closed, its miners and books kept) with the report. */
    private static PolicyReport runTcp(TcpFleetOptions options, AtomicReference<TcpFleet> fleet) {
        return run((halls, seed) -> {
            TcpFleet f = new TcpFleet(halls, options);
            fleet.set(f);
            return f;
        });
    }

    @Test
    @DisplayName("over TCP the miners receive sleep and wake commands, the limits hold, and mining earns and uses "
        + "within 3 % of the virtual model")
    void tcpFleetFollowsTheLeases() {
        AtomicReference<TcpFleet> fleet = new AtomicReference<>();
        PolicyReport tcp = runTcp(TcpFleetOptions.defaults(), fleet);
        PolicyReport virtual = run(VirtualFleet.factory());

        assertEquals(0, tcp.powerViolations() + tcp.coolingViolations(), () -> "first: " + tcp.firstViolation());
        PolicyReport.MinerTraffic t = tcp.minersOverTcp();
        assertEquals(160, t.tcpMiners());
        assertEquals(1, t.minersPerTcpMiner());
        assertTrue(t.commandsSent() > 0, "commands sent");
        assertEquals(t.commandsSent(), t.commandsReceived(), "every command reached a simulated miner");
        assertEquals(0, t.errors());
        assertEquals(0, t.unhealthyAtEnd());
        assertTrue(tcp.curtailments().count() > 0, "AI arrivals curtailed mining");
        assertTrue(t.confirmedAsleep() > 0, "curtailed miners reported their idle draw");
        // a miner that was woken (lease) and later put to sleep (curtailment) received both over TCP
        List<SimulatedMiner> hallA = fleet.get().miners("hall-a");
        assertTrue(hallA.stream().anyMatch(m -> m.commandsReceived() >= 2), "a miner was woken and slept");
        assertEquals(t.commandsReceived(), fleet.get().miners("hall-a").stream()
            .mapToLong(SimulatedMiner::commandsReceived).sum() + fleet.get().miners("hall-b").stream()
            .mapToLong(SimulatedMiner::commandsReceived).sum());
        assertNull(virtual.minersOverTcp());
        // Why 3 %: over TCP a lease is whole miners (rounded down by up to 3.5 kW a hall), a woken miner counts at
        // nameplate from the command but hashes only after its 60 s ramp, a miner put to sleep is not woken again
        // for 5 minutes (the scheduler's minimum off time), and a drop is confirmed at the 20 s ramp's end instead
        // of after 5-30 s. Each moves energy or revenue by well under a percent on this trace.
        assertEquals(virtual.miningRevenueUsd(), tcp.miningRevenueUsd(), 0.03 * virtual.miningRevenueUsd());
        assertEquals(virtual.miningEnergyMwh(), tcp.miningEnergyMwh(), 0.03 * virtual.miningEnergyMwh());
        assertTrue(tcp.miningRevenueUsd() > 0);
    }

    @Test
    @DisplayName("miners that fall silent are counted at nameplate and reported; the run completes within the limits")
    void silentMinersCountAtNameplate() {
        AtomicReference<TcpFleet> fleet = new AtomicReference<>();
        // three miners a hall stop answering two hours in, while mining; the adapter gives up after 100 ms
        TcpFleetOptions options = new TcpFleetOptions(0, Duration.ofMillis(100),
            new TcpFleetOptions.Fault(MinerFault.SILENT, 3, 2 * 3600));
        PolicyReport r = runTcp(options, fleet);

        assertEquals(0, r.powerViolations() + r.coolingViolations(), () -> "first: " + r.firstViolation());
        assertEquals(6, r.minersOverTcp().unhealthyAtEnd());
        assertTrue(r.minersOverTcp().errors() >= 6, "errors: " + r.minersOverTcp().errors());
        for (String hall : List.of("hall-a", "hall-b")) {
            FleetSnapshot s = fleet.get().snapshot(hall);
            for (MinerView v : s.miners().subList(0, 3)) {
                assertTrue(!v.healthy(), v.spec().id() + " unhealthy");
                assertEquals(v.spec().nameplateWatts(), v.committedWatts(), v.spec().id() + " at nameplate");
            }
            assertTrue(s.committedWatts() >= 3 * 3500, hall + " books the silent miners' nameplate");
        }
        assertTrue(r.jobs().completed() > 0);
    }

    @Test
    @DisplayName("a hall whose fleet cannot be built after its simulated miners started leaves no miner server running")
    void aHallThatFailsToOpenClosesItsMiners() throws InterruptedException {
        Plant plant = new Plant(site, true);
        Set<Thread> before = simulatorThreads();
        // the adapter refuses a null request timeout: a failure after the hall's miners listen (as when no file
        // descriptor is left for the adapter's selector)
        TcpFleetOptions broken = new TcpFleetOptions(0, null, null);
        assertThrows(NullPointerException.class, () -> new TcpFleet(plant.halls, broken));
        // a closed event loop has ended its run loop but its thread may take a moment to exit: wait for that;
        // a loop left running never exits and is still counted
        for (Thread t : simulatorThreads()) {
            if (!before.contains(t)) {
                t.join(5_000);
            }
        }
        Set<Thread> after = simulatorThreads();
        after.removeAll(before);
        assertEquals(Set.of(), after, "simulated miners' event-loop threads left running");
    }

    private static Set<Thread> simulatorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith("asic-sim"))
            .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }

    private static CommandResult simulate(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = new picocli.CommandLine(new SimulateCommand());
        cl.setOut(new java.io.PrintWriter(out));
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute(args);
        return new CommandResult(code, out.toString(), err.toString());
    }

    private record CommandResult(int code, String out, String err) {
    }

    @Test
    @DisplayName("simulate --miners tcp says which model ran and what went over the wire, in text and JSON")
    void theCommandReportsTheTcpModel() throws IOException {
        Path json = dir.resolve("report.json");
        CommandResult r = simulate("--site", dir.resolve("small-site.yaml").toString(), "--trace",
            dir.resolve("small-trace.csv").toString(), "--policy", "wattshift", "--miners", "tcp", "--report-json",
            json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  miners:    tcp: 160 simulated LuxOS miners on 127.0.0.1, one per site miner"),
            r.out());
        assertTrue(r.out().matches("(?s).*curtail commands sent +[1-9][0-9]* +-\\n.*"), r.out());
        var report = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json.toFile());
        assertTrue(report.get("miners").asString().startsWith("tcp: 160 simulated"));
        var traffic = report.get("policies").get(0).get("minersOverTcp");
        assertTrue(traffic.get("commandsSent").asLong() > 0);
        assertEquals(traffic.get("commandsSent").asLong(), traffic.get("commandsReceived").asLong());

        CommandResult bad = simulate("--miners", "pigeon");
        assertEquals(2, bad.code());
        assertEquals("error: --miners must be virtual or tcp, got pigeon\n", bad.err());
        CommandResult blockAlone = simulate("--miner-block", "4");
        assertEquals(2, blockAlone.code());
        assertEquals("error: --miner-block needs --miners tcp\n", blockAlone.err());
    }

    @Test
    @DisplayName("a site that needs more listening sockets than the open-file limit is refused in one line")
    void tooManyMinersAreRefused() {
        long fds = TcpFleetOptions.maxOpenFiles();
        SiteConfig.HallConfig h = site.halls().get(0);
        int count = (int) Math.min(Integer.MAX_VALUE, fds < 0 ? 1_000_000 : fds);
        SiteConfig big = new SiteConfig(site.site(), List.of(new SiteConfig.HallConfig(h.name(), h.feedKw(),
            h.cooling(), h.ambient(), h.coolingOverhead(), h.racks(), h.gpu(), h.hostOverheadW(),
            new SiteConfig.Miners(count, 3500, 17.5, 17.5))));
        TcpFleetOptions one = new TcpFleetOptions(1, Duration.ofSeconds(1), null);
        if (fds > 0) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> one.check(big));
            assertTrue(e.getMessage().startsWith("--miners tcp: " + count + " simulated miners need a listening "
                + "socket each, over this process's limit of " + fds + " open files"), e.getMessage());
        }
        SiteConfig builtIn = SiteLoader.loadDefault();
        assertEquals(45, TcpFleetOptions.defaults().blockFor(builtIn), "22,000 miners in blocks of 45");
        assertEquals(490, TcpFleetOptions.defaults().tcpMiners(builtIn), "267 + 200 + 23, the last of a hall partial");
        TcpFleetOptions.defaults().check(big); // auto blocks: at most 500 simulated miners
        assertTrue(TcpFleetOptions.defaults().tcpMiners(big) <= TcpFleetOptions.AUTO_MAX_TCP_MINERS);
        SiteConfig noStandby = new SiteConfig(site.site(), List.of(new SiteConfig.HallConfig(h.name(), h.feedKw(),
            h.cooling(), h.ambient(), h.coolingOverhead(), h.racks(), h.gpu(), h.hostOverheadW(),
            new SiteConfig.Miners(10, 3500, 17.5, null))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> TcpFleetOptions.defaults().check(noStandby));
        assertTrue(e.getMessage().contains("standbyW 0.0 W is below what a simulated miner draws asleep, 17.5 W"),
            e.getMessage());
    }
}
