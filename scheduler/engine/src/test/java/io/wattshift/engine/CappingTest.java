package io.wattshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.engine.model.CappingMode;
import io.wattshift.engine.model.Policy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CappingTest {

    static Stream<Arguments> modes() {
        // mode, cap W, job cap W, rack kW, pods that fit, GPU limit of the first pod
        return Stream.of(
            Arguments.of(CappingMode.NONE, 0.0, 0.0, 16.5, 2, 700.0),         // 6.4 kW per pod
            Arguments.of(CappingMode.NONE, 0.0, 400.0, 16.5, 4, 400.0),       // the job's cap: 4.0 kW per pod
            Arguments.of(CappingMode.FIXED, 500.0, 0.0, 16.5, 3, 500.0),      // 4.8 kW per pod
            Arguments.of(CappingMode.OVERSUBSCRIBE, 300.0, 0.0, 16.5, 3, 700.0)); // 2 full, 1 capped
    }

    @ParameterizedTest(name = "{0} (cap {1} W, job cap {2} W), rack {3} kW: {4} pods, first at {5} W")
    @MethodSource("modes")
    void capsDecideHowManyGpusARackCanRun(CappingMode mode, double capW, double jobCapW, double rackKw,
                                          int pods, double firstLimit) {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0).withCapping(mode, capW), 10_000)
            .hall("a", 1000, 1000, 1.1, 1, rackKw, 0).nodes("a", 1, 4);
        for (int i = 0; i < 4; i++) {
            f.engine.submit(Fixture.training("ns/j" + i, 1, 8).withGpuCapW(jobCapW));
        }
        List<Decision> d = f.step();
        List<Decision.Bind> binds = Fixture.only(d, Decision.Bind.class);
        assertEquals(pods, binds.size());
        assertEquals(firstLimit, binds.get(0).gpuLimitW(), 1e-9);
        double used = binds.stream().mapToDouble(Decision.Bind::committedW).sum();
        assertTrue(used <= rackKw * 1000 + 1e-6, "rack limit kept: " + used);
        if (firstLimit != 700) {
            assertEquals(8, Fixture.only(d, Decision.SetPowerCap.class).stream()
                .filter(c -> c.node().equals(binds.get(0).node())).count());
        }
    }

    @Test
    @DisplayName("oversubscribe caps the pod that would not fit at full power, not below the policy floor")
    void oversubscribeCapsTheLastPodToFit() {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0).withCapping(CappingMode.OVERSUBSCRIBE, 300),
            10_000).hall("a", 1000, 1000, 1.1, 1, 16.5, 0).nodes("a", 1, 4);
        for (int i = 0; i < 4; i++) {
            f.engine.submit(Fixture.training("ns/j" + i, 1, 8));
        }
        List<Decision.Bind> binds = Fixture.only(f.step(), Decision.Bind.class);
        assertEquals(3, binds.size());
        // 16.5 kW - 2 x 6.4 kW leaves 3.7 kW: (3700 W - 800 W host) / 8 GPUs = 362.5 W -> 362 W
        assertEquals(362, binds.get(2).gpuLimitW(), 1e-9);
        assertEquals(362 * 8 + 800, binds.get(2).committedW(), 1e-9);
    }

    @Test
    @DisplayName("when a limit falls, capping policies lower caps before evicting anyone")
    void capsComeBeforeEvictions() {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0).withCapping(CappingMode.FIXED, 700),
            10_000).hall("a", 100, 1000, 1.0, 1, 100, 0).nodes("a", 1, 2);
        f.engine.submit(Fixture.training("ns/j", 2, 8));
        f.stepAndConfirm(); // 12.8 kW
        f.hall("a");
        f.engine.upsertHall(new io.wattshift.engine.model.HallSpec("a", "site", 10,
            new io.wattshift.engine.model.CoolingSpec(1000, 25, 0.02), 1.0,
            List.of(new io.wattshift.engine.model.RackSpec("a-r0", 100)),
            io.wattshift.engine.model.MinerFleetSpec.NONE));
        List<Decision> d = f.step();
        assertEquals(0, Fixture.only(d, Decision.Preempt.class).size());
        assertTrue(Fixture.only(d, Decision.SetPowerCap.class).size() > 0);
        assertTrue(f.hall("a").aiKw() <= 10 + 1e-9, "hall back under its lowered feed: " + f.hall("a").aiKw());
    }
}
