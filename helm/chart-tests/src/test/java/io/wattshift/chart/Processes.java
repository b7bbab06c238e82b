package io.wattshift.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one of the test bed's command-line tools from the repository root, output captured through files. */
final class Processes {

    private Processes() {
    }

    /**
     * Runs {@code command} with {@code env} added to this JVM's environment; the output goes through temporary files
     * in {@code scratch} (so a chatty tool cannot fill a pipe and hang). Never throws on a non-zero exit.
     */
    static Helm.Result run(List<String> command, Map<String, String> env, Path scratch, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(RepoPaths.root().toFile());
        pb.environment().putAll(env);
        try {
            Files.createDirectories(scratch);
            Path out = Files.createTempFile(scratch, "run", ".out");
            Path err = Files.createTempFile(scratch, "run", ".err");
            try {
                Process process = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " ran past " + timeoutSeconds + " s");
                }
                return new Helm.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
