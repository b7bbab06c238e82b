package io.wattshift.scheduler.mining;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.wattshift.api.MiningLease;
import java.util.List;

/** {@link MiningLeaseStore} on the Kubernetes API through fabric8 (cluster-scoped MiningLease objects). */
public final class KubeMiningLeaseStore implements MiningLeaseStore {

    private final KubernetesClient client;

    public KubeMiningLeaseStore(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public List<MiningLease> list() {
        return client.resources(MiningLease.class).list().getItems();
    }

    @Override
    public void save(MiningLease lease) {
        var status = lease.getStatus();
        lease.setStatus(null);
        lease.getMetadata().setResourceVersion(null);
        MiningLease stored = client.resource(lease).createOr(NonDeletingOperation::update);
        lease.setStatus(status);
        if (status != null) {
            client.resources(MiningLease.class).withName(stored.getMetadata().getName()).editStatus(l -> {
                l.setStatus(status);
                return l;
            });
        }
    }
}
