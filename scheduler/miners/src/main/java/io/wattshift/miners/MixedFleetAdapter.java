package io.wattshift.miners;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One hall's fleet of miners running different firmware (LuxOS and Braiins OS side by side): each call goes to the
 * adapter of the miner's firmware, so a {@code HallFleet} leases and curtails across all of them as one fleet. Same
 * contract as the adapters it routes to; a miner it was not told about answers COMMAND_REJECTED (never a failed
 * future). Closing it closes every adapter it routes to.
 */
public final class MixedFleetAdapter implements MinerFleetAdapter {

    private final Map<String, MinerFleetAdapter> byMiner;
    private final Collection<MinerFleetAdapter> adapters;

    /** @param byMiner each miner's id to the adapter of its firmware */
    public MixedFleetAdapter(Map<String, MinerFleetAdapter> byMiner) {
        this.byMiner = Map.copyOf(Objects.requireNonNull(byMiner, "byMiner"));
        this.adapters = new LinkedHashSet<>(byMiner.values());
    }

    @Override
    public CompletableFuture<MinerStatus> curtail(MinerSpec miner, CurtailAction action) {
        MinerFleetAdapter a = byMiner.get(miner.id());
        return a == null ? unknown(miner) : a.curtail(miner, action);
    }

    @Override
    public CompletableFuture<MinerStatus> read(MinerSpec miner) {
        MinerFleetAdapter a = byMiner.get(miner.id());
        return a == null ? unknown(miner) : a.read(miner);
    }

    @Override
    public void close() {
        adapters.forEach(MinerFleetAdapter::close);
    }

    private static CompletableFuture<MinerStatus> unknown(MinerSpec miner) {
        return CompletableFuture.completedFuture(MinerStatus.failed(miner.id(),
                new MinerError(MinerError.Kind.COMMAND_REJECTED, "no adapter for miner " + miner.id()), java.time.Instant.now()));
    }
}
