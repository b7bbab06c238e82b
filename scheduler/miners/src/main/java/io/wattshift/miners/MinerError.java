package io.wattshift.miners;

import java.util.Objects;

/**
 * Why a miner could not be read or commanded. A miner with an error is unhealthy and counts at nameplate power.
 *
 * @param kind   the class of fault, a bounded set usable as a metric tag
 * @param detail human-readable detail for logs and status (never contains credentials)
 */
public record MinerError(Kind kind, String detail) {

    public enum Kind {
        /** TCP connect refused or timed out. */
        CONNECT_FAILED(true),
        /** Connected, but no complete reply before the deadline (a silent or slow miner). */
        TIMEOUT(true),
        /** The reply is not the JSON the protocol promises (garbage, truncated, wrong shape). */
        MALFORMED_REPLY(true),
        /** The reply exceeded the size limit; the rest was not read. */
        OVERSIZED_REPLY(false),
        /** The miner refused the logon (bad credentials, or another session is active). */
        LOGON_REFUSED(false),
        /** The miner answered with an error STATUS for the command. */
        COMMAND_REJECTED(false),
        /** The adapter is closed. */
        CLOSED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether sending the same request again may succeed (transport faults), as opposed to a definite answer. */
        public boolean retryable() {
            return retryable;
        }
    }

    public MinerError {
        Objects.requireNonNull(kind, "kind");
        detail = detail == null ? "" : detail;
    }

    @Override
    public String toString() {
        return kind + (detail.isEmpty() ? "" : ": " + detail);
    }
}
