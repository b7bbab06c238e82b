package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * An alert on a metric nobody exports never fires. Every {@code wattshift_*} series the PrometheusRule reads must be
 * registered (Micrometer name, in dots) somewhere in the product's main code.
 */
class ChartAlertMetricsTest {

    static final Pattern SERIES = Pattern.compile("\\bwattshift_[a-z0-9_]+");

    /** Micrometer names that Prometheus would show as {@code series}: unit and type suffixes are added on export. */
    static List<String> micrometerNames(String series) {
        String base = series.replaceAll("_(bucket|count|sum|max)$", "").replaceAll("_total$", "");
        List<String> names = new ArrayList<>(List.of(base.replace('_', '.')));
        if (base.endsWith("_seconds")) {
            names.add(base.substring(0, base.length() - "_seconds".length()).replace('_', '.'));
        }
        return names;
    }

    static String mainSources() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(RepoPaths.root())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/")).toList()) {
                all.append(Files.readString(f)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    @Test
    void everySeriesTheAlertsUseIsExportedByTheCode() {
        JsonNode rule = Helm.required().template("metrics.prometheusRule.enabled=true")
                .one("PrometheusRule", "wattshift");
        Set<String> used = new TreeSet<>();
        rule.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> {
            Matcher m = SERIES.matcher(r.path("expr").asString());
            while (m.find()) {
                used.add(m.group());
            }
        }));
        assertTrue(used.size() >= 3, used::toString);
        String sources = mainSources();
        Set<String> missing = new TreeSet<>();
        for (String series : used) {
            if (micrometerNames(series).stream().noneMatch(n -> sources.contains("\"" + n + "\""))) {
                missing.add(series + " (looked for " + micrometerNames(series) + ")");
            }
        }
        assertTrue(missing.isEmpty(), () -> "alerts read series no code exports: " + missing);
    }
}
