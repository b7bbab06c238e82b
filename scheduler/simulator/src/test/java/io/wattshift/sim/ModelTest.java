package io.wattshift.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelTest {
    static Stream<Arguments> caps() {
        return Stream.of(Arguments.of(1.0, 1.0), Arguments.of(0.6, 0.925), Arguments.of(0.55, 0.8775));
    }

    @ParameterizedTest(name = "a GPU capped at {0} of its maximum keeps {1} of its speed")
    @MethodSource("caps")
    void capsCostLessSpeedThanPower(double fraction, double speed) {
        assertEquals(speed, CapCurve.speed(fraction), 1e-9);
        assertTrue(CapCurve.speed(fraction) >= fraction);
    }

    @Test
    @DisplayName("the generated week is deterministic for a seed and spans seven days")
    void theGeneratedWeekIsDeterministic() {
        Traces.Trace a = TraceGenerator.week(500, 3);
        Traces.Trace b = TraceGenerator.week(500, 3);
        assertEquals(a.jobs(), b.jobs());
        assertTrue(a.jobs().get(a.jobs().size() - 1).submitS() < 7 * 86400);
        assertTrue(a.jobs().stream().anyMatch(j -> j.type() == io.wattshift.engine.model.JobKind.INFERENCE));
    }

    @Test
    @DisplayName("the built-in site is the documented 100 MW site of three halls")
    void theBuiltInSite() {
        SiteConfig s = SiteLoader.loadDefault();
        assertEquals(100_000, s.site().gridKw());
        assertEquals(3, s.halls().size());
        assertEquals(700, s.halls().get(0).gpu().defaultW());
    }
}
