package io.wattshift.miners;

import java.util.concurrent.CompletableFuture;

/**
 * Speaks one firmware's API to the miners of a fleet (LuxOS today; Braiins OS over gRPC
 * {@code PauseMining}/{@code ResumeMining}/{@code SetPowerTarget} can follow behind the same contract).
 *
 * <p><b>Threading.</b> All methods are non-blocking and may be called from any thread, concurrently. The returned
 * futures complete on the adapter's I/O threads: callers must not block in their continuations, and should hop to
 * their own executor for anything heavier than bookkeeping.
 *
 * <p><b>Failure.</b> Returned futures never complete exceptionally: a connect failure, a silent miner, a malformed or
 * oversized reply, a refused logon all complete normally with a {@link MinerStatus} whose {@link MinerError} says
 * what went wrong. Each call finishes within the adapter's configured deadline and retries (it never hangs).
 * Callers treat an unhealthy miner as drawing its nameplate power.
 *
 * <p><b>Idempotency.</b> {@link #curtail} is idempotent: sleeping a sleeping miner or waking a mining one is a
 * success and changes nothing, so callers may resend after a timeout. {@link #read} has no side effects.
 *
 * <p><b>Concurrency.</b> The adapter limits the number of requests in flight per fleet; calls beyond the limit queue.
 *
 * <p><b>Units.</b> Power in watts, hashrate in TH/s.
 */
public interface MinerFleetAdapter extends AutoCloseable {

    /** Sends a curtailment command. The status carries no power figure; confirm the effect with {@link #read}. */
    CompletableFuture<MinerStatus> curtail(MinerSpec miner, CurtailAction action);

    /** Reads the miner's present power draw (watts) and hashrate (TH/s). */
    CompletableFuture<MinerStatus> read(MinerSpec miner);

    /** Releases I/O resources; calls afterwards complete with {@link MinerError.Kind#CLOSED}. */
    @Override
    void close();
}
