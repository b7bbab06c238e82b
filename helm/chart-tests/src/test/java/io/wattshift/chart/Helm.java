package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code helm} binary (v4) the test bed builds. Each instance keeps helm's config, cache and data
 * under target/, so tests neither read nor change the user's helm set-up.
 */
final class Helm {

    private static final long TIMEOUT_SECONDS = 120;

    private final Path binary;
    private final Path home;
    private final Map<String, String> extraEnv;

    Helm(Path binary, Path home, Map<String, String> extraEnv) {
        this.binary = binary;
        this.home = home;
        this.extraEnv = Map.copyOf(extraEnv);
    }

    /**
     * The test bed's helm, or the end of the test: a failure when {@code wattshift.e2e.required=true} (CI), else
     * an aborted (skipped) test that says how to build it.
     */
    static Helm required() {
        Path binary = TestbedBinaries.find("helm");
        if (binary == null) {
            String message = "helm is not built: run e2e/build-testbed.sh helm (looked in "
                    + TestbedBinaries.binDir() + ")";
            if (Boolean.getBoolean("wattshift.e2e.required")) {
                fail(message);
            }
            abort(message);
        }
        return new Helm(binary, Path.of("target/helm-home").toAbsolutePath(), Map.of());
    }

    Helm withEnv(Map<String, String> env) {
        return new Helm(binary, home, env);
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
        ProcessBuilder pb = new ProcessBuilder(command).directory(RepoPaths.root().toFile());
        Map<String, String> env = pb.environment();
        env.put("HELM_CONFIG_HOME", home.resolve("config").toString());
        env.put("HELM_CACHE_HOME", home.resolve("cache").toString());
        env.put("HELM_DATA_HOME", home.resolve("data").toString());
        env.putAll(extraEnv);
        try {
            Files.createDirectories(home);
            Path out = Files.createTempFile(home, "helm", ".out");
            Path err = Files.createTempFile(home, "helm", ".err");
            try {
                Process process = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("helm " + args + " ran past " + TIMEOUT_SECONDS + " s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running helm", e);
        }
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
        List<String> args = new ArrayList<>(List.of("template", "ws", RepoPaths.chart().toString(),
                "--namespace", "wattshift-system", "--include-crds"));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        return run(args);
    }
}
