package io.wattshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.Strategy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementTest {

    static Stream<Arguments> strategies() {
        return Stream.of(Arguments.of(Strategy.BINPACK, true), Arguments.of(Strategy.SPREAD, false));
    }

    @ParameterizedTest(name = "{0}: a second 4-GPU pod shares the first one's node = {1}")
    @MethodSource("strategies")
    void binpackFillsNodesAndSpreadSpreadsThem(Strategy strategy, boolean sameNode) {
        Fixture f = new Fixture(Policy.defaults().withStrategy(strategy), 10_000)
            .hall("a", 1000, 1000, 1.1, 2, 100, 0).nodes("a", 2, 1);
        f.engine.submit(Fixture.training("ns/first", 1, 4));
        String first = Fixture.only(f.stepAndConfirm(), Decision.Bind.class).get(0).node();
        f.engine.submit(Fixture.training("ns/second", 1, 4));
        String second = Fixture.only(f.stepAndConfirm(), Decision.Bind.class).get(0).node();
        assertEquals(sameNode, first.equals(second), first + " then " + second);
    }

    @Test
    @DisplayName("GPUs near their slowdown temperature are used last")
    void hotGpusScoreWorse() {
        Fixture f = new Fixture(Policy.defaults().withThermalMarginC(5), 10_000)
            .hall("a", 1000, 1000, 1.1, 1, 100, 0).nodes("a", 1, 2);
        f.telemetry("a-r0-n0", 84); // within 5 C of the H100's 87 C slowdown
        f.engine.submit(Fixture.training("ns/j", 1, 8));
        assertEquals("a-r0-n1", Fixture.only(f.step(), Decision.Bind.class).get(0).node());
    }

    @Test
    @DisplayName("within a node the coolest GPUs are chosen")
    void theCoolestGpusAreChosen() {
        Fixture f = new Fixture(Policy.defaults(), 10_000).hall("a", 1000, 1000, 1.1, 1, 100, 0).nodes("a", 1, 1);
        List<io.wattshift.engine.model.GpuReading> r = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            r.add(new io.wattshift.engine.model.GpuReading(i, 100, 700, i < 6 ? 70 : 40));
        }
        f.engine.updateTelemetry(new io.wattshift.engine.model.NodeTelemetry("a-r0-n0", f.clock.instant(), r));
        f.engine.submit(Fixture.training("ns/j", 1, 2));
        assertEquals(List.of(6, 7), Fixture.only(f.step(), Decision.Bind.class).get(0).gpus());
    }
}
