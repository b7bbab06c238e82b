package io.wattshift.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Finds a test-bed binary where e2e/build-testbed.sh puts it (`e2e/build-testbed.sh --bin-dir`). */
final class TestbedBinaries {

    private TestbedBinaries() {
    }

    static Path binDir() {
        Path script = RepoPaths.root().resolve("e2e/build-testbed.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString(), "--bin-dir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(script + " --bin-dir failed: " + out);
            }
            return Path.of(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The executable, or null when the test bed has not built it. */
    static Path find(String name) {
        Path binary = binDir().resolve(name);
        return Files.isExecutable(binary) ? binary : null;
    }
}
