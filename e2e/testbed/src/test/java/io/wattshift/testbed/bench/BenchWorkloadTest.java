package io.wattshift.testbed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchWorkloadTest {
    @Test
    void nodesSplitEvenlyOverTheHalls() {
        var halls = BenchWorkload.halls(10, 4);
        assertEquals(Map.entry("bench-h1", 3), halls.get(0));
        assertEquals(Map.entry("bench-h2", 3), halls.get(1));
        assertEquals(Map.entry("bench-h3", 2), halls.get(2));
        assertEquals(10, halls.stream().mapToInt(Map.Entry::getValue).sum());
    }

    @Test
    void feedsNeverBindByDefaultAndBindAtThePercentageAskedFor() {
        // A 1-GPU pod: 700 W + 800/8 W host share, +10 % cooling = 0.88 kW
        assertEquals(0.88, PowerSizing.podKw(1), 1e-9);
        double full = 125 * 8 * PowerSizing.podKw(1);
        assertTrue(PowerSizing.hallFeedKw(125, 500, 2000, 1, 0) >= full * 1.2, "a full hall fits with margin");
        // 2,000 pods over 500 nodes: a hall of 125 nodes gets 500 pods, 440 kW of demand; 80 % is 352 kW
        assertEquals(352, PowerSizing.hallFeedKw(125, 500, 2000, 1, 80), 1e-9);
    }

    @Test
    void thePowerObjectsNameEveryHallAndTheSite() {
        String yaml = BenchWorkload.powerObjects(BenchOptions.parse(new String[] {"--nodes", "500", "--pods", "2000",
            "--power-percent", "80"}, Path.of("/repo")));
        assertEquals(4, yaml.split("kind: Hall").length - 1);
        assertTrue(yaml.contains("feedKilowatts: 352"), yaml);
        assertTrue(yaml.contains("wattshift.io/hall: bench-h4"), yaml);
        assertTrue(yaml.contains("interconnectKilowatts: 1760"), yaml);
    }
}
