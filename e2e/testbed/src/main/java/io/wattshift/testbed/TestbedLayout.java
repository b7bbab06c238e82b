package io.wattshift.testbed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the test bed's pieces are: the repository (its {@code e2e/} scripts and config, its {@code crds/}) and the
 * binary folder that {@code e2e/build-testbed.sh} builds into (outside the repository).
 *
 * @param repoRoot the repository root (the folder holding {@code e2e/cluster})
 * @param binDir   the folder holding etcd, kube-apiserver, kube-controller-manager, kwok and helm
 */
public record TestbedLayout(Path repoRoot, Path binDir) {

    /** System property naming the repository root, for a test run whose working folder is outside it. */
    public static final String REPO_ROOT_PROPERTY = "wattshift.repo.root";

    /** Finds the repository from {@value #REPO_ROOT_PROPERTY} or by walking up from the working folder. */
    public static TestbedLayout locate() {
        Path root = Optional.ofNullable(System.getProperty(REPO_ROOT_PROPERTY))
                .map(Path::of)
                .orElseGet(() -> findRepoRoot(Path.of("").toAbsolutePath()));
        // The build script owns the cache location (versions, WATTSHIFT_TESTBED_HOME): ask it instead of copying it.
        String binDir = Commands.run(List.of(root.resolve("e2e/build-testbed.sh").toString(), "--bin-dir"),
                Map.of(), null, Duration.ofSeconds(30)).orThrow().stdout().strip();
        return new TestbedLayout(root, Path.of(binDir));
    }

    static Path findRepoRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("e2e/cluster"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no e2e/cluster above " + start + "; set -D" + REPO_ROOT_PROPERTY);
    }

    public Path clusterScript() {
        return repoRoot.resolve("e2e/cluster");
    }

    public Path buildScript() {
        return repoRoot.resolve("e2e/build-testbed.sh");
    }

    /** The repository's generated CRD folder ({@code crds/}); it may not exist yet. */
    public Path crdDir() {
        return repoRoot.resolve("crds");
    }

    public Path binary(String name) {
        return binDir.resolve(name);
    }

    /** The named binaries that are not built yet. */
    public List<String> missingBinaries(List<String> names) {
        return names.stream().filter(name -> !Files.isExecutable(binary(name))).toList();
    }
}
