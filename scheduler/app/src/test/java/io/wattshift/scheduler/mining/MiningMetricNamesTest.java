package io.wattshift.scheduler.mining;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wattshift.miners.CurtailAction;
import io.wattshift.miners.MinerMetrics;
import io.wattshift.miners.MinerStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The names Prometheus sees are the documented ones (dashboards and alerts depend on them). */
class MiningMetricNamesTest {

    @Test
    void prometheusScrapeHasTheDocumentedMiningMetrics() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var metrics = new MinerMetrics(registry);
        metrics.recordCurtailment(Duration.ofMillis(1900));
        metrics.command(CurtailAction.SLEEP, MinerStatus.ok("m", Instant.EPOCH));
        metrics.registerHall("hall-a", s -> 0, () -> 1000, () -> 3000, () -> 50);
        String scrape = registry.scrape();
        for (String name : new String[] {"wattshift_curtailment_seconds_bucket", "wattshift_curtailment_seconds_count",
                "wattshift_miner_commands_total{action=\"sleep\",outcome=\"ok\"}",
                "wattshift_miners{hall=\"hall-a\",state=\"unhealthy\"}",
                "wattshift_mining_power_watts{basis=\"committed\",hall=\"hall-a\"} 3000",
                "wattshift_mining_hashrate_terahash_per_second{hall=\"hall-a\"}"}) {
            assertTrue(scrape.contains(name), () -> name + " missing in\n" + scrape);
        }
    }
}
