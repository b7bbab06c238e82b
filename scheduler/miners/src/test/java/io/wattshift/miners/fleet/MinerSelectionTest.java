package io.wattshift.miners.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wattshift.miners.MinerError;
import io.wattshift.miners.MinerSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MinerSelectionTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static MinerView view(String id, double jth, MinerMode mode) {
        return new MinerView(new MinerSpec(id, "127.0.0.1", 4028, 3000, jth), mode, null,
                mode == MinerMode.ASLEEP ? 15 : 3000, 0, NOW.minus(Duration.ofHours(1)));
    }

    private final List<MinerView> fleet = List.of(
            view("a", 30, MinerMode.ASLEEP), view("b", 18, MinerMode.ASLEEP),
            view("c", 22, MinerMode.ASLEEP), view("d", 26, MinerMode.ASLEEP));

    @Test
    void aLeaseWakesTheMostEfficientMinersThatFit() {
        assertEquals(Set.of("b", "c"), MinerSelection.awakeSet(fleet, 7000, Duration.ZERO, NOW));
    }

    @Test
    void aLeaseOfTheWholeFleetsNameplateWakesEveryMiner() {
        // the sleeping miners' standby draw is base load, not lease: it must not crowd out the last miner
        assertEquals(Set.of("a", "b", "c", "d"), MinerSelection.awakeSet(fleet, 12_000, Duration.ZERO, NOW));
    }

    @Test
    void aLeaseSmallerThanOneMinerWakesNone() {
        assertEquals(Set.of(), MinerSelection.awakeSet(fleet, 2999, Duration.ZERO, NOW));
    }

    @Test
    void anUnhealthyMinerIsNotWokenAndUsesUpItsNameplate() {
        var sick = new MinerView(new MinerSpec("b", "127.0.0.1", 4028, 3000, 18), MinerMode.ASLEEP,
                new MinerError(MinerError.Kind.TIMEOUT, "silent"), Double.NaN, Double.NaN, NOW);
        var withSick = List.of(fleet.get(0), sick, fleet.get(2), fleet.get(3));
        assertEquals(Set.of("c"), MinerSelection.awakeSet(withSick, 7000, Duration.ZERO, NOW));
    }

    @Test
    void aMinerAsleepForLessThanTheMinimumOffTimeStaysAsleep() {
        var justSlept = new MinerView(new MinerSpec("b", "127.0.0.1", 4028, 3000, 18), MinerMode.ASLEEP, null, 15, 0,
                NOW.minusSeconds(10));
        var f = List.of(fleet.get(0), justSlept, fleet.get(2), fleet.get(3));
        assertEquals(Set.of("c", "d"), MinerSelection.awakeSet(f, 7000, Duration.ofMinutes(5), NOW));
    }

    @Test
    void curtailmentTakesTheLeastEfficientMinersFirstUntilTheNeedPlusMarginIsCovered() {
        var running = fleet.stream().map(v -> view(v.spec().id(), v.spec().joulesPerTerahash(), MinerMode.AWAKE)).toList();
        var chosen = MinerSelection.toCurtail(running, 6000, 0.05);
        assertEquals(List.of("a", "d", "c"), chosen.stream().map(v -> v.spec().id()).toList());
        assertEquals(List.of("a", "d"), MinerSelection.toCurtail(running, 6000, 0).stream().map(v -> v.spec().id()).toList());
    }

    @Test
    void curtailmentIgnoresMinersAlreadyAsleep() {
        var mixed = List.of(view("a", 30, MinerMode.ASLEEP), view("b", 18, MinerMode.AWAKE));
        assertEquals(List.of("b"), MinerSelection.toCurtail(mixed, 1000, 0.05).stream().map(v -> v.spec().id()).toList());
    }
}
