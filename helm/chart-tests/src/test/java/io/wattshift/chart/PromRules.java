package io.wattshift.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.wattshift.testbed.Prerequisites;
import io.wattshift.testbed.TestbedLayout;

import tools.jackson.databind.JsonNode;

/**
 * Prometheus's own rule validation: the test bed's {@code promrules} (e2e/build/promrules), which runs the rulefmt
 * parser that {@code promtool check rules} runs (groups with unknown fields refused, every PromQL expression parsed,
 * label and annotation templates checked). Exit 0 when valid; 1 with promtool's "FAILED:" lines on stderr.
 */
final class PromRules {

    private static final long TIMEOUT_SECONDS = 60;

    private final Path binary;
    private final Path scratch;

    private PromRules(Path binary, Path scratch) {
        this.binary = binary;
        this.scratch = scratch;
    }

    /** The checker, or the end of the test exactly as for a missing helm (see {@link Helm#required()}). */
    static PromRules required() {
        TestbedLayout layout = Helm.layout();
        Prerequisites.check(layout, List.of("promrules"));
        return new PromRules(layout.binary("promrules"), Path.of("target/promrules").toAbsolutePath());
    }

    /**
     * Writes a PrometheusRule's {@code spec} (its {@code groups}, the format of a Prometheus rule file) to
     * target/promrules/{@code fileName} and checks it.
     */
    Helm.Result checkSpecOf(JsonNode prometheusRule, String fileName) {
        try {
            Files.createDirectories(scratch);
            Path file = scratch.resolve(fileName);
            Files.writeString(file, Manifests.YAML.writeValueAsString(prometheusRule.path("spec")));
            return check(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Helm.Result check(Path rulesFile) {
        return Processes.run(List.of(binary.toString(), rulesFile.toString()), Map.of(), scratch, TIMEOUT_SECONDS);
    }
}
