package io.wattshift.scheduler.telemetry;

import io.vertx.core.Future;

/**
 * Decides whether a bearer token belongs to a node daemon.
 *
 * <p>Contract: never blocks the calling event loop; completes with the daemon's identity, or fails with
 * {@link TokenRejectedException} for a token that is not valid for us, or another exception when validation could
 * not be done (API server unreachable): the connection is refused either way and the daemon retries. Safe to call
 * from any thread; implementations may cache results for a short time.
 */
public interface TokenValidator {
    Future<DaemonIdentity> validate(String bearerToken);
}
