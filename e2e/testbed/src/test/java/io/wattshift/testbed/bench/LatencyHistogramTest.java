package io.wattshift.testbed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    private static final String PAGE = """
            # HELP wattshift_scheduling_latency_seconds First seen pending to all pods bound
            # TYPE wattshift_scheduling_latency_seconds histogram
            wattshift_scheduling_latency_seconds_bucket{le="0.5"} 0
            wattshift_scheduling_latency_seconds_bucket{le="1.0"} 50
            wattshift_scheduling_latency_seconds_bucket{le="2.0"} 90
            wattshift_scheduling_latency_seconds_bucket{le="4.0"} 100
            wattshift_scheduling_latency_seconds_bucket{le="+Inf"} 100
            wattshift_scheduling_latency_seconds_count 100
            wattshift_scheduling_latency_seconds_sum 123.5
            wattshift_binds_total{result="ok"} 100.0
            """;

    @Test
    void quantilesInterpolateWithinTheBucketAsHistogramQuantileDoes() {
        LatencyHistogram h = LatencyHistogram.parse(PAGE, "wattshift_scheduling_latency_seconds");
        assertEquals(100, h.count());
        assertEquals(1.0, h.quantile(0.5), 1e-9);
        assertEquals(2.0, h.quantile(0.9), 1e-9);
        assertEquals(3.8, h.quantile(0.99), 1e-9);
        assertEquals(0.75, h.quantile(0.25), 1e-9);
        assertTrue(h.summary().startsWith("count 100, mean 1.235 s, p50 1.000 s"), h.summary());
        assertTrue(h.summary().endsWith("all <= 4.000 s"), h.summary());
    }

    @Test
    void aPageWithoutTheHistogramIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LatencyHistogram.parse("wattshift_binds_total 3\n", "wattshift_scheduling_latency_seconds"));
        assertTrue(e.getMessage().contains("no histogram wattshift_scheduling_latency_seconds"));
    }
}
