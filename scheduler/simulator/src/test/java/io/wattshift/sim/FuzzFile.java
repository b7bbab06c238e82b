package io.wattshift.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file a loader fuzz target reads: the loaders take a path, as {@code simulate --site/--trace/--prices} give
 * them, so each input is written to one temporary file (reused by every run of the JVM, deleted on exit).
 */
final class FuzzFile {
    private final Path path;

    FuzzFile(String suffix) {
        try {
            path = Files.createTempFile("wattshift-fuzz-", suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        path.toFile().deleteOnExit();
    }

    /** The file holding exactly {@code bytes}. */
    Path with(byte[] bytes) {
        try {
            return Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
