package io.wattshift.scheduler.telemetry;

import java.util.Optional;

/**
 * Who is on the other end of a telemetry stream, as the Kubernetes API server vouched for its token.
 *
 * @param username e.g. {@code system:serviceaccount:wattshift-system:wattshift-node-daemon}
 * @param boundNode the node the token's pod runs on, when the API server includes it (bound tokens carry
 *                  {@code authentication.kubernetes.io/node-name} in the user's extra); a daemon may then speak
 *                  only for that node
 */
public record DaemonIdentity(String username, Optional<String> boundNode) {
}
