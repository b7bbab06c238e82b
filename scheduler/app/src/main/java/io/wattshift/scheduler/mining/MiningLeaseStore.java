package io.wattshift.scheduler.mining;

import io.wattshift.api.MiningLease;
import java.util.List;

/**
 * Where MiningLease objects live (the Kubernetes API in production). Calls block: callers run them on a worker
 * executor, never on an event loop. Writes are idempotent (create or replace the spec, replace the status).
 */
public interface MiningLeaseStore {

    /** Every MiningLease object. */
    List<MiningLease> list();

    /** Creates the lease or replaces its spec; then replaces its status. */
    void save(MiningLease lease);
}
