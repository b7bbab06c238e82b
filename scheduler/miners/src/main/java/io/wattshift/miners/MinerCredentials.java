package io.wattshift.miners;

import java.util.Objects;

/**
 * Credentials for a fleet's miner API, read from the Kubernetes Secret the Hall names.
 * {@link #toString()} never prints the password.
 *
 * @param username API user (LuxOS: usually {@code root}); empty for firmware without authenticated logon
 * @param password API password; empty when the firmware needs none
 */
public record MinerCredentials(String username, String password) {

    public static final MinerCredentials NONE = new MinerCredentials("", "");

    public MinerCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    public boolean isEmpty() {
        return username.isEmpty() && password.isEmpty();
    }

    @Override
    public String toString() {
        return "MinerCredentials[username=" + username + ", password=" + (password.isEmpty() ? "" : "***") + "]";
    }
}
