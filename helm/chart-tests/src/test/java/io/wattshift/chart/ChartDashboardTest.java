package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard (dashboards/wattshift.json): a panel on a series nobody exports shows "No data" for ever, so
 * every series its PromQL reads must be exported by the code (wattshift_*: registered under its Micrometer name in
 * the product's main sources, as ChartAlertMetricsTest checks the alerts; jvm_*, process_*: what Micrometer's
 * binders really scrape as). The ConfigMap is off by default and labelled for Grafana's sidecar when on.
 */
class ChartDashboardTest {

    static final Pattern SERIES = Pattern.compile("\\b(?:wattshift|jvm|process|system)_[a-z0-9_]+\\b");

    static Path dashboardFile() {
        return RepoPaths.chart().resolve("dashboards/wattshift.json");
    }

    static JsonNode dashboard() throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(dashboardFile()));
    }

    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            if (!p.path("type").asString().equals("row")) {
                panels.add(p);
            }
        });
        return panels;
    }

    static Set<String> seriesRead(JsonNode dashboard) {
        Set<String> series = new TreeSet<>();
        for (JsonNode panel : panels(dashboard)) {
            panel.path("targets").forEach(t -> {
                Matcher m = SERIES.matcher(t.path("expr").asString());
                while (m.find()) {
                    series.add(m.group());
                }
            });
        }
        dashboard.path("templating").path("list").forEach(v -> {
            Matcher m = SERIES.matcher(v.path("definition").asString(""));
            while (m.find()) {
                series.add(m.group());
            }
        });
        return series;
    }

    /** Series names in a real scrape of Micrometer's JVM and process binders (the ones the scheduler binds). */
    static Set<String> scrapedJvmSeries() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Set<String> names = new HashSet<>();
        for (String line : registry.scrape().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    @Test
    void everySeriesThePanelsReadIsExported() throws IOException {
        Set<String> used = seriesRead(dashboard());
        String sources = ChartAlertMetricsTest.mainSources();
        Set<String> jvm = scrapedJvmSeries();
        Set<String> missing = new TreeSet<>();
        for (String series : used) {
            boolean exported = series.startsWith("wattshift_")
                    ? ChartAlertMetricsTest.micrometerNames(series).stream().anyMatch(n -> sources.contains("\"" + n + "\""))
                    : jvm.contains(series);
            if (!exported) {
                missing.add(series);
            }
        }
        assertTrue(missing.isEmpty(), () -> "dashboard panels read series no code exports: " + missing);
    }

    @Test
    void thePanelsCoverWhatOperatorsWatch() throws IOException {
        Set<String> used = seriesRead(dashboard());
        for (String series : List.of("wattshift_hall_committed_kilowatts", "wattshift_hall_mining_kilowatts",
                "wattshift_hall_limit_kilowatts", "wattshift_site_limit_kilowatts",
                "wattshift_site_energy_price_usd_per_megawatt_hour", "wattshift_mining_decisions_total",
                "wattshift_pending_jobs", "wattshift_scheduling_latency_seconds_bucket",
                "wattshift_curtailment_seconds_bucket", "wattshift_gpu_power_watts", "wattshift_gpu_temperature_celsius",
                "wattshift_gpu_throttle_active", "wattshift_miners", "wattshift_miner_errors_total",
                "wattshift_scheduler_leader", "wattshift_build_info")) {
            assertTrue(used.contains(series), series + " is on no panel");
        }
    }

    @Test
    void everyPanelQueriesTheSelectedDataSource() throws IOException {
        JsonNode dashboard = dashboard();
        Set<Integer> ids = new HashSet<>();
        dashboard.path("panels").forEach(p -> assertTrue(ids.add(p.path("id").asInt()), "duplicate id " + p.path("id")));
        for (JsonNode panel : panels(dashboard)) {
            String title = panel.path("title").asString();
            assertFalse(panel.path("targets").isEmpty(), title + " has no query");
            assertEquals("${datasource}", panel.path("datasource").path("uid").asString(), title);
            panel.path("targets").forEach(t -> assertFalse(t.path("expr").asString().isBlank(), title));
        }
        assertEquals("datasource", dashboard.path("templating").path("list").get(0).path("type").asString());
    }

    @Test
    void theConfigMapIsOffByDefaultAndLabelledForTheSidecar() throws IOException {
        Helm helm = Helm.required();
        assertTrue(helm.template().ofKind("ConfigMap").stream()
                .noneMatch(c -> c.path("metadata").path("name").asString().endsWith("-dashboard")));
        JsonNode cm = helm.template("dashboards.enabled=true").one("ConfigMap", "-dashboard");
        assertEquals("1", cm.path("metadata").path("labels").path("grafana_dashboard").asString());
        assertEquals("wattshift-system", cm.path("metadata").path("namespace").asString());
        assertEquals(Files.readString(dashboardFile()).trim(), cm.path("data").path("wattshift.json").asString().trim());

        JsonNode moved = helm.template("dashboards.enabled=true", "dashboards.namespace=monitoring",
                "dashboards.label=my_dashboards", "dashboards.annotations.grafana_folder=Wattshift")
                .one("ConfigMap", "-dashboard");
        assertEquals("monitoring", moved.path("metadata").path("namespace").asString());
        assertEquals("1", moved.path("metadata").path("labels").path("my_dashboards").asString());
        assertEquals("Wattshift", moved.path("metadata").path("annotations").path("grafana_folder").asString());
    }
}
