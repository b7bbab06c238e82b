package io.wattshift.miners.luxos;

import io.wattshift.miners.CurtailAction;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerError;
import io.wattshift.miners.MinerError.Kind;
import io.wattshift.miners.MinerException;
import io.wattshift.miners.MinerFleetAdapter;
import io.wattshift.miners.MinerSpec;
import io.wattshift.miners.MinerStatus;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MinerFleetAdapter} for LuxOS miners over the cgminer-style TCP API.
 *
 * <p>Write commands need a session: {@code logon} (with the fleet's credentials as parameter when it has any)
 * returns a session id, sent as the first parameter of {@code curtail}. The id is cached per miner and renewed once
 * when the miner says it is invalid. Reads ({@code power+summary}) need no session.
 */
public final class LuxosFleetAdapter implements MinerFleetAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LuxosFleetAdapter.class);

    private final CgminerTransport transport;
    private final MinerCredentials credentials;
    private final Clock clock;
    private final Map<String, String> sessions = new ConcurrentHashMap<>();

    public LuxosFleetAdapter(String fleetName, FleetClientConfig config, MinerCredentials credentials, Clock clock) {
        this.transport = new CgminerTransport(config, fleetName);
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<MinerStatus> curtail(MinerSpec miner, CurtailAction action) {
        return settle(miner, curtailWithSession(miner, action, true).thenApply(v -> MinerStatus.ok(miner.id(), clock.instant())));
    }

    @Override
    public CompletableFuture<MinerStatus> read(MinerSpec miner) {
        var f = transport.request(miner, LuxosProtocol.request(LuxosProtocol.READ, null)).thenApply(text -> {
            var reply = LuxosProtocol.parse(text);
            return MinerStatus.reading(miner.id(), LuxosProtocol.watts(reply), LuxosProtocol.terahashPerSecond(reply),
                    clock.instant());
        });
        return settle(miner, f);
    }

    /**
     * Diagnostics for benchmarks: {@code listener} is told the JSON of each request once it is fully written to its
     * socket, on an I/O thread (it must not block). Replaces any earlier listener.
     */
    public void onRequestWritten(java.util.function.Consumer<String> listener) {
        transport.onWritten(bytes -> listener.accept(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Requests in flight (connections open or connecting) right now. */
    public int inFlight() {
        return transport.inFlight();
    }

    @Override
    public void close() {
        transport.close();
    }

    private CompletableFuture<Void> curtailWithSession(MinerSpec miner, CurtailAction action, boolean mayRenew) {
        return session(miner).thenCompose(sid -> transport.request(miner,
                        LuxosProtocol.request(LuxosProtocol.CURTAIL, sid + "," + action.luxosWord())))
                .thenApply(text -> {
                    LuxosProtocol.requireSuccess(LuxosProtocol.parse(text), Kind.COMMAND_REJECTED);
                    return (Void) null;
                })
                .exceptionallyCompose(err -> {
                    MinerError e = MinerException.errorOf(err);
                    if (mayRenew && LuxosProtocol.isSessionError(e)) {
                        sessions.remove(miner.id());
                        return curtailWithSession(miner, action, false);
                    }
                    return CompletableFuture.failedFuture(new MinerException(e.kind(), e.detail()));
                });
    }

    /**
     * The miner's session: cached, else a new logon; when the miner refuses the logon because a session is already
     * active (ours from before a restart, or a previous leader's), that session is reused.
     */
    private CompletableFuture<String> session(MinerSpec miner) {
        String cached = sessions.get(miner.id());
        if (cached != null) return CompletableFuture.completedFuture(cached);
        String parameter = credentials.isEmpty() ? null : credentials.username() + "," + credentials.password();
        return transport.request(miner, LuxosProtocol.request(LuxosProtocol.LOGON, parameter))
                .thenApply(text -> LuxosProtocol.sessionId(LuxosProtocol.parse(text)))
                .exceptionallyCompose(err -> {
                    MinerError e = MinerException.errorOf(err);
                    if (!LuxosProtocol.isSessionActive(e)) return CompletableFuture.failedFuture(err);
                    return transport.request(miner, LuxosProtocol.request(LuxosProtocol.SESSION, null))
                            .thenApply(text -> LuxosProtocol.activeSessionId(LuxosProtocol.parse(text)));
                })
                .thenApply(sid -> {
                    sessions.put(miner.id(), sid);
                    return sid;
                });
    }

    /** Turns any failure into an unhealthy status, so the returned future never fails. */
    private CompletableFuture<MinerStatus> settle(MinerSpec miner, CompletableFuture<MinerStatus> f) {
        return f.exceptionally(err -> {
            var error = MinerException.errorOf(err);
            LOG.debug("miner {}: {}", miner.id(), error);
            return MinerStatus.failed(miner.id(), error, clock.instant());
        });
    }
}
