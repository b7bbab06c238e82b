package io.wattshift.daemon.caps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this process may set GPU power limits: NVML requires CAP_SYS_ADMIN in the effective set (root has it).
 * Read from {@code /proc/self/status} so that a capping daemon without it can say so at start, instead of every cap
 * failing later with NO_PERMISSION.
 */
public final class Privileges {
    static final int CAP_SYS_ADMIN = 21;

    private Privileges() {
    }

    /** Empty when it cannot be told (not Linux, unreadable /proc). */
    public static Optional<Boolean> canSetPowerLimits() {
        try {
            return hasSysAdmin(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<Boolean> hasSysAdmin(String procStatus) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("CapEff:")) {
                long caps = Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                return Optional.of((caps & (1L << CAP_SYS_ADMIN)) != 0);
            }
        }
        return Optional.empty();
    }
}
