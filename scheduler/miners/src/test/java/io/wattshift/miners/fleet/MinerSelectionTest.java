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

    @Test
    void aStepNeverWakesOneMinerWhileSleepingAnother() {
        // found by `simulate --miners tcp`: equal miners, the awake one last by id; the old rule woke "a" and slept
        // "b" in one step, and until "b" confirmed both counted at nameplate, over the lease
        var f = List.of(view("a", 20, MinerMode.ASLEEP), view("b", 20, MinerMode.AWAKE));
        assertEquals(Set.of("b"), MinerSelection.awakeSet(f, 3000, Duration.ZERO, NOW));
        // a better sleeper does not replace a worse running miner either
        var g = List.of(view("a", 15, MinerMode.ASLEEP), view("b", 25, MinerMode.AWAKE));
        assertEquals(Set.of("b"), MinerSelection.awakeSet(g, 3000, Duration.ZERO, NOW));
        // a smaller lease sleeps the worst running miner and wakes nobody, even with room left for a sleeper
        var h = List.of(view("a", 15, MinerMode.ASLEEP), view("b", 25, MinerMode.AWAKE), view("c", 20, MinerMode.AWAKE));
        assertEquals(Set.of("c"), MinerSelection.awakeSet(h, 5000, Duration.ZERO, NOW));
    }

    @Test
    void aMinerStillConfirmingItsSleepMayBeKeptAtNoExtraCost() {
        // "a" and "c" draw at nameplate until confirmed: keeping "a" adds nothing, waking "b" would exceed 3,000 W
        var f = List.of(view("a", 20, MinerMode.CURTAILING), view("b", 20, MinerMode.ASLEEP));
        assertEquals(Set.of("a"), MinerSelection.awakeSet(f, 3000, Duration.ZERO, NOW));
        // over the lease while sleeps are unconfirmed: the best of them is kept, the others go on to sleep
        var g = List.of(view("a", 20, MinerMode.CURTAILING), view("c", 30, MinerMode.CURTAILING),
                view("b", 20, MinerMode.ASLEEP));
        assertEquals(Set.of("a"), MinerSelection.awakeSet(g, 3000, Duration.ZERO, NOW));
    }

    /**
     * The books hold during the change, not only after it: over random fleets (modes, efficiencies, health, recent
     * sleeps) and targets, whenever a step wakes a sleeping miner, everything that may draw while the step is under
     * way (the woken at nameplate, the rest at their lease power, sleeping-to-be miners included) fits the target;
     * and once the sleeps are confirmed the kept miners plus what cannot be commanded fit it too.
     */
    @Test
    void whenAStepWakesMinersTheFleetStaysWithinTheTargetThroughout() {
        long seed = Long.getLong("wattshift.property.seed", System.nanoTime());
        var rnd = new java.util.Random(seed);
        MinerMode[] modes = MinerMode.values();
        for (int round = 0; round < 2_000; round++) {
            List<MinerView> f = new java.util.ArrayList<>();
            int n = 1 + rnd.nextInt(12);
            for (int i = 0; i < n; i++) {
                MinerMode mode = modes[rnd.nextInt(modes.length)];
                double watts = 1000 + rnd.nextInt(3) * 1000;
                MinerError error = rnd.nextInt(8) == 0 ? new MinerError(MinerError.Kind.TIMEOUT, "silent") : null;
                f.add(new MinerView(new MinerSpec("m" + i, "127.0.0.1", 4028, watts, 15 + rnd.nextInt(3) * 5), mode,
                        error, mode == MinerMode.ASLEEP ? 10 : watts, 0, NOW.minusSeconds(rnd.nextInt(600))));
            }
            double target = rnd.nextInt(n * 3000 + 1);
            Set<String> awake = MinerSelection.awakeSet(f, target, Duration.ofMinutes(5), NOW);
            double after = f.stream().mapToDouble(v -> awake.contains(v.spec().id()) ? v.spec().nameplateWatts()
                    : v.healthy() && v.mode() != MinerMode.ASLEEP ? 0 : v.leaseWatts()).sum();
            double uncommandable = f.stream().filter(v -> !v.healthy() || v.mode() == MinerMode.ASLEEP
                    && !awake.contains(v.spec().id())).mapToDouble(MinerView::leaseWatts).sum();
            if (after > Math.max(target, uncommandable) + 1e-6) {
                throw new AssertionError("seed " + seed + " round " + round + ": " + after + " W > target " + target
                        + " W once settled; fleet " + f + ", awake " + awake);
            }
            boolean wakes = f.stream().anyMatch(v -> awake.contains(v.spec().id()) && v.mode() == MinerMode.ASLEEP);
            if (!wakes) continue;
            double during = f.stream().mapToDouble(v -> awake.contains(v.spec().id()) ? v.spec().nameplateWatts()
                    : v.leaseWatts()).sum();
            if (during > target + 1e-6) {
                throw new AssertionError("seed " + seed + " round " + round + ": " + during + " W > target " + target
                        + " W while waking; fleet " + f + ", awake " + awake);
            }
        }
    }
}
