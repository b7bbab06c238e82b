package io.wattshift.chart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.wattshift.testbed.Prerequisites;

import org.junit.jupiter.api.Assumptions;

/**
 * The Prometheus Operator's ServiceMonitor and PrometheusRule CRDs, which e2e/build-testbed.sh copies out of the
 * pinned operator module (e2e/build/prometheus-operator) into the test bed cache ({@code --crd-dir}).
 */
final class OperatorCrds {

    static final List<String> FILES = List.of("monitoring.coreos.com_servicemonitors.yaml",
            "monitoring.coreos.com_prometheusrules.yaml");

    private OperatorCrds() {
    }

    /**
     * The folder holding both CRD files. When they are missing, the test fails under
     * {@value Prerequisites#REQUIRED_PROPERTY}{@code =true} and is aborted (skipped) otherwise, as
     * {@link Prerequisites#check} does for a missing binary, with a message naming the build script.
     */
    static Path required() {
        Path script = RepoPaths.root().resolve("e2e/build-testbed.sh");
        Helm.Result where = Processes.run(List.of(script.toString(), "--crd-dir"), Map.of(),
                Path.of("target/promrules").toAbsolutePath(), 30);
        if (!where.ok()) {
            throw new IllegalStateException(script + " --crd-dir failed: " + where.describe());
        }
        Path dir = Path.of(where.stdout().strip());
        List<String> missing = FILES.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
        if (missing.isEmpty()) {
            return dir;
        }
        String message = "Prometheus Operator CRDs missing in " + dir + ": " + String.join(", ", missing)
                + "; get them with " + script + " prometheus-operator-crds";
        if (Boolean.getBoolean(Prerequisites.REQUIRED_PROPERTY)) {
            throw new IllegalStateException(message + " (" + Prerequisites.REQUIRED_PROPERTY + "=true)");
        }
        Assumptions.abort(message + " (set -D" + Prerequisites.REQUIRED_PROPERTY + "=true to fail instead of skip)");
        return dir; // not reached: abort throws
    }
}
