package io.wattshift.scheduler.telemetry;

/** A bearer token that does not authenticate a node daemon; the message says why (never the token). */
public final class TokenRejectedException extends RuntimeException {
    public TokenRejectedException(String message) {
        super(message, null, false, false);
    }
}
