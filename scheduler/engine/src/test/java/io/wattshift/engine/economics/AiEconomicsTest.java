package io.wattshift.engine.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AiEconomicsTest {
    // an H100 SXM: 700 W maximum limit, 100 W of host per GPU, hall overhead 1.15; worth $2.00 per GPU-hour
    private static final double MAX_W = 700;
    private static final double HOST_W = 100;
    private static final double OVERHEAD = 1.15;

    @Test
    @DisplayName("a GPU-hour is suspended above the price where its energy costs what it earns")
    void suspendPrice() {
        double kw = AiEconomics.gpuFeedKw(1.0, MAX_W, HOST_W, OVERHEAD); // (0.605 x 700 + 100) x 1.15 = 0.602 kW
        assertEquals(0.602, kw, 0.001);
        double p = AiEconomics.suspendPriceUsdPerMwh(2.0, MAX_W, HOST_W, OVERHEAD);
        assertEquals(2.0 * 1000 / kw, p, 1e-9);
        assertEquals(0, AiEconomics.marginUsdPerGpuHour(2.0, p, 1.0, MAX_W, HOST_W, OVERHEAD), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, AiEconomics.suspendPriceUsdPerMwh(Double.NaN, MAX_W, HOST_W, OVERHEAD));
    }

    @Test
    @DisplayName("the best cap falls as energy gets dearer and never goes under the GPU's floor")
    void bestCapFollowsThePrice() {
        double cheap = AiEconomics.bestCapFraction(2.0, 50, MAX_W, HOST_W, OVERHEAD, 200 / MAX_W);
        double dear = AiEconomics.bestCapFraction(2.0, 1500, MAX_W, HOST_W, OVERHEAD, 200 / MAX_W);
        double spike = AiEconomics.bestCapFraction(2.0, 4000, MAX_W, HOST_W, OVERHEAD, 200 / MAX_W);
        assertEquals(1.0, cheap, 1e-9, "cheap energy: full limit");
        assertTrue(dear < 1.0 && spike <= dear, cheap + " " + dear + " " + spike);
        assertTrue(spike >= 200 / MAX_W - 1e-9, "not under the 200 W floor");
        double atBest = AiEconomics.marginUsdPerGpuHour(2.0, 1500, dear, MAX_W, HOST_W, OVERHEAD);
        for (double f = 0.3; f <= 1.0; f += 0.05) {
            assertTrue(atBest >= AiEconomics.marginUsdPerGpuHour(2.0, 1500, f, MAX_W, HOST_W, OVERHEAD) - 1e-9);
        }
    }
}
