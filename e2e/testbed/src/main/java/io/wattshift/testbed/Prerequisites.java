package io.wattshift.testbed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks that the test bed can start here, and decides what a missing piece means: with system property
 * {@value #REQUIRED_PROPERTY}{@code =true} (set by the {@code e2e} profile's failsafe configuration) the tests fail;
 * otherwise they are aborted (skipped) with the same message, which names {@code e2e/build-testbed.sh}.
 */
public final class Prerequisites {

    /** When {@code true}, a missing binary or tool fails the test instead of skipping it. */
    public static final String REQUIRED_PROPERTY = "wattshift.e2e.required";

    static final List<String> TOOLS = List.of("openssl", "curl", "setsid", "bash");

    private Prerequisites() {
    }

    /** Fails or aborts the calling test when a binary or tool is missing; returns quietly otherwise. */
    public static void check(TestbedLayout layout, List<String> binaries) {
        List<String> problems = new ArrayList<>();
        List<String> missing = layout.missingBinaries(binaries);
        if (!missing.isEmpty()) {
            problems.add("test bed binaries missing in " + layout.binDir() + ": " + String.join(", ", missing)
                    + "; build them with " + layout.buildScript() + " (a cold build takes a while, see e2e/README.md)");
        }
        List<String> tools = TOOLS.stream().filter(tool -> !onPath(tool)).toList();
        if (!tools.isEmpty()) {
            problems.add("tools missing on the PATH: " + String.join(", ", tools));
        }
        if (problems.isEmpty()) {
            return;
        }
        String message = String.join("; ", problems);
        if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
            throw new IllegalStateException(message + " (" + REQUIRED_PROPERTY + "=true)");
        }
        Assumptions.abort(message + " (set -D" + REQUIRED_PROPERTY + "=true to fail instead of skip)");
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
