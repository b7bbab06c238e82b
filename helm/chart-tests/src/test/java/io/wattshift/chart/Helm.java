package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.wattshift.testbed.Prerequisites;
import io.wattshift.testbed.TestbedLayout;

/**
 * Runs the real {@code helm} binary (v4) the test bed builds. Each instance keeps helm's config, cache and data
 * under target/, so tests neither read nor change the user's helm set-up.
 */
final class Helm {

    private static final long TIMEOUT_SECONDS = 120;

    private final Path binary;
    private final Path home;
    Helm(Path binary, Path home) {
        this.binary = binary;
        this.home = home;
    }

    /**
     * The test bed's helm, found as the test bed finds it, or the end of the test: a failure when
     * {@code wattshift.e2e.required=true} (-Pe2e, CI), else an aborted (skipped) test naming e2e/build-testbed.sh.
     */
    static Helm required() {
        TestbedLayout layout = layout();
        Prerequisites.check(layout, List.of("helm"));
        return new Helm(layout.binary("helm"), Path.of("target/helm-home").toAbsolutePath());
    }

    private static TestbedLayout layout;

    /** Asks e2e/build-testbed.sh once per test run where its binaries are. */
    static synchronized TestbedLayout layout() {
        if (layout == null) {
            layout = TestbedLayout.locate();
        }
        return layout;
    }

    /** Result of one helm command. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        String describe() {
            return "exit " + exitCode + "\n--- stderr ---\n" + stderr + "\n--- stdout ---\n" + stdout;
        }
    }

    Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        return Processes.run(command, Map.of(
                "HELM_CONFIG_HOME", home.resolve("config").toString(),
                "HELM_CACHE_HOME", home.resolve("cache").toString(),
                "HELM_DATA_HOME", home.resolve("data").toString()), home, TIMEOUT_SECONDS);
    }

    Result run(String... args) {
        return run(List.of(args));
    }

    /** {@code helm template} of the chart (CRDs included) with {@code --set key=value} pairs; fails the test on error. */
    Manifests template(String... sets) {
        Result result = templateResult(sets);
        if (!result.ok()) {
            fail("helm template failed: " + result.describe());
        }
        return Manifests.parse(result.stdout());
    }

    Result templateResult(String... sets) {
        List<String> args = templateArgs();
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        return run(args);
    }

    /** {@code helm template -f values.yaml}, the way platform teams pass values (--set cannot give floats). */
    Result templateWithValues(String valuesYaml) {
        try {
            Files.createDirectories(home);
            Path values = Files.createTempFile(home, "values", ".yaml");
            try {
                Files.writeString(values, valuesYaml);
                List<String> args = templateArgs();
                args.addAll(List.of("--values", values.toString()));
                return run(args);
            } finally {
                Files.deleteIfExists(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> templateArgs() {
        return new ArrayList<>(List.of("template", "ws", RepoPaths.chart().toString(),
                "--namespace", "wattshift-system", "--include-crds"));
    }
}
