package io.wattshift.daemon.caps;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The desired power caps of this node's GPUs, keyed by GPU UUID (indexes can change across reboots), in a small
 * properties file, so that a cap survives a daemon restart and a driver reload. Written atomically (temp file and
 * rename): a crash mid-write leaves the old file.
 */
public final class CapStateFile {
    private final Path path;

    public CapStateFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The persisted caps, milliwatts by GPU UUID; empty when the file does not exist. */
    public Map<String, Long> load() throws IOException {
        Map<String, Long> caps = new TreeMap<>();
        if (!Files.exists(path)) {
            return caps;
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(path)) {
            props.load(in);
        }
        for (String uuid : props.stringPropertyNames()) {
            try {
                caps.put(uuid, Long.parseLong(props.getProperty(uuid).trim()));
            } catch (NumberFormatException e) {
                throw new IOException("bad cap for " + uuid + " in " + path + ": " + props.getProperty(uuid), e);
            }
        }
        return caps;
    }

    /** Replaces the file's content with {@code caps} (milliwatts by GPU UUID). */
    public void store(Map<String, Long> caps) throws IOException {
        Properties props = new Properties();
        caps.forEach((uuid, mw) -> props.setProperty(uuid, Long.toString(mw)));
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".caps", ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp)) {
            props.store(out, "Wattshift desired GPU power caps (milliwatts by GPU UUID); re-applied at daemon start");
        }
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
