package io.wattshift.miners.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wattshift.miners.FirmwareProtocol;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerFleetAdapter;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.MinerSpec;
import io.wattshift.miners.MixedFleetAdapter;
import io.wattshift.miners.luxos.FleetClientConfig;
import io.wattshift.miners.sim.BraiinsFleetSimulator;
import io.wattshift.miners.sim.FleetSimulator;
import io.wattshift.miners.sim.MinerModel;
import io.wattshift.miners.sim.SimConfig;
import io.wattshift.miners.sim.SimulatedMiner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One hall with LuxOS and Braiins OS miners, leased and curtailed as one fleet over real loopback sockets. */
class MixedFleetTest {

    private static final FleetClientConfig CLIENT = new FleetClientConfig(Duration.ofMillis(2000), Duration.ofMillis(2000),
            64 * 1024, 64, 2, Duration.ofMillis(10), 1);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private FleetSimulator luxos;
    private BraiinsFleetSimulator braiins;
    private MinerFleetAdapter adapter;

    @AfterEach
    void stop() {
        if (adapter != null) adapter.close();
        if (luxos != null) luxos.close();
        if (braiins != null) braiins.close();
        scheduler.shutdownNow();
    }

    /** J/TH interleaved across firmware: lux-0 18, bos-0 20, lux-1 22, bos-1 24, lux-2 26, bos-2 28. */
    private HallFleet fleet(boolean mining) throws Exception {
        SimConfig sim = SimConfig.loopback().withRamps(Duration.ofMillis(200), Duration.ofMillis(200));
        List<MinerModel> lux = new ArrayList<>();
        List<MinerModel> bos = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lux.add(new MinerModel("lux-" + i, 1, 3000, 18 + 4 * i, mining));
            bos.add(new MinerModel("bos-" + i, 1, 3000, 20 + 4 * i, mining));
        }
        luxos = FleetSimulator.start(sim, lux);
        braiins = BraiinsFleetSimulator.start(sim, bos);
        MinerFleetAdapter luxAdapter = FirmwareProtocol.LUXOS.adapter("hall-m", CLIENT, MinerCredentials.NONE, Clock.systemUTC());
        MinerFleetAdapter bosAdapter = FirmwareProtocol.BRAIINS_OS.adapter("hall-m", CLIENT, MinerCredentials.NONE, Clock.systemUTC());
        Map<String, MinerFleetAdapter> byMiner = new HashMap<>();
        luxos.specs().forEach(s -> byMiner.put(s.id(), luxAdapter));
        braiins.specs().forEach(s -> byMiner.put(s.id(), bosAdapter));
        adapter = new MixedFleetAdapter(byMiner);
        List<MinerSpec> specs = Stream.concat(luxos.specs().stream(), braiins.specs().stream()).toList();
        FleetPolicy policy = FleetPolicy.defaults().withConfirmTimeout(Duration.ofSeconds(3)).withMinOffTime(Duration.ZERO);
        return new HallFleet("hall-m", specs, adapter, policy, Clock.systemUTC(), scheduler,
                new MinerMetrics(new SimpleMeterRegistry()));
    }

    private Set<String> mining() {
        return Stream.concat(luxos.miners().stream(), braiins.miners().stream()).filter(SimulatedMiner::mining)
                .map(m -> m.spec().id()).collect(Collectors.toSet());
    }

    @Test
    void aLeaseWakesTheBestMinersWhateverTheirFirmware() throws Exception {
        HallFleet f = fleet(false);
        f.refresh().get(5, TimeUnit.SECONDS);
        FleetChange c = f.matchTarget(9_000).get(5, TimeUnit.SECONDS);
        assertEquals(Set.of("lux-0", "bos-0", "lux-1"), Set.copyOf(c.woken()), "LuxOS and Braiins OS miners woken");
        assertEquals(Set.of("lux-0", "bos-0", "lux-1"), mining(), "the three best J/TH across both firmware");
        assertTrue(f.snapshot().leaseWatts() <= 9_000, "lease power " + f.snapshot().leaseWatts());
    }

    @Test
    void curtailmentForAiSleepsTheWorstAcrossBothAndConfirmsFromTheirReadings() throws Exception {
        HallFleet f = fleet(true);
        f.refresh().get(5, TimeUnit.SECONDS);
        CurtailmentReport r = f.curtail(5_500).get(10, TimeUnit.SECONDS);
        assertEquals(Set.of("bos-2", "lux-2"), Set.copyOf(r.commanded()), "worst J/TH first: 28 (Braiins), 26 (LuxOS)");
        assertEquals(Set.of("bos-2", "lux-2"), Set.copyOf(r.confirmed()), "both confirmed from their own power readings");
        assertTrue(r.satisfied(), "freed " + r.wattsFreed());
        assertEquals(Set.of("lux-0", "bos-0", "lux-1", "bos-1"), mining());
        assertEquals(4 * 3000 + sleepingDraw(f), f.snapshot().committedWatts(), 1e-6,
                "the four awake at nameplate, the two asleep at their readings");
    }

    private static double sleepingDraw(HallFleet f) {
        return f.snapshot().miners().stream().filter(v -> v.mode() == MinerMode.ASLEEP).mapToDouble(MinerView::committedWatts).sum();
    }
}
