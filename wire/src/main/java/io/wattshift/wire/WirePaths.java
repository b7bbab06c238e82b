package io.wattshift.wire;

/** HTTP paths of the telemetry stream, shared by the daemon (client) and the scheduler (server). */
public final class WirePaths {
    /** WebSocket upgrade path on the scheduler; the daemon sends {@code Authorization: Bearer <SA token>}. */
    public static final String TELEMETRY = "/telemetry/v1";

    private WirePaths() {
    }
}
