package io.wattshift.scheduler.mining;

import io.wattshift.api.MiningLease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link MiningLeaseStore} in memory, for controller tests (the Kubernetes store is tested on its own). */
final class InMemoryLeaseStore implements MiningLeaseStore {

    final Map<String, MiningLease> leases = new ConcurrentHashMap<>();
    final AtomicInteger saves = new AtomicInteger();
    volatile boolean failing;

    @Override
    public List<MiningLease> list() {
        if (failing) throw new IllegalStateException("apiserver unavailable");
        return new ArrayList<>(leases.values());
    }

    @Override
    public void save(MiningLease lease) {
        if (failing) throw new IllegalStateException("apiserver unavailable");
        saves.incrementAndGet();
        leases.put(lease.getMetadata().getName(), lease);
    }
}
