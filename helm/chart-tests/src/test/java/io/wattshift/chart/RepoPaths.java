package io.wattshift.chart;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths inside the repository, resolved from the {@code wattshift.root} system property Maven sets. */
final class RepoPaths {

    private RepoPaths() {
    }

    static Path root() {
        String configured = System.getProperty("wattshift.root");
        Path root = (configured != null ? Path.of(configured) : Path.of("../..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("helm/wattshift"))) {
            throw new IllegalStateException("not the repository root (no helm/wattshift): " + root);
        }
        return root;
    }

    static Path chart() {
        return root().resolve("helm/wattshift");
    }

    static Path crds() {
        return root().resolve("crds");
    }
}
