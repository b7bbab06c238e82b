package io.wattshift.scheduler.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.wattshift.api.GpuJob;
import io.wattshift.api.Hall;
import io.wattshift.api.MiningLease;
import io.wattshift.api.PowerPolicy;
import io.wattshift.api.Site;
import io.wattshift.api.WattshiftApi;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SharedIndexInformers over everything the scheduler reads: Nodes, Pods with {@code schedulerName: wattshift},
 * GpuJobs, Sites, Halls, PowerPolicies and MiningLeases. Callbacks only hand a {@link Change} to the sink (which
 * must enqueue onto the scheduling context and return); readers use the thread-safe stores.
 *
 * <p>fabric8 informers re-list and re-watch on their own after a watch drops (a resync of the cache), and resync
 * every {@code resyncMillis} as a safety net; each of those reaches the sink as changes like any other.
 */
public final class ClusterCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterCache.class);

  /** Something changed: the kind and key ("ns/name" or "name") of the object. */
  public record Change(String kind, String key) {
  }

  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<GpuJob> jobs;
  private final SharedIndexInformer<Site> sites;
  private final SharedIndexInformer<Hall> halls;
  private final SharedIndexInformer<PowerPolicy> policies;
  private final SharedIndexInformer<MiningLease> leases;

  public ClusterCache(KubernetesClient client, long resyncMillis, Consumer<Change> sink) {
    this(client, resyncMillis, sink, true);
  }

  /**
   * @param podFieldSelector select pods by {@code spec.schedulerName} on the server (false only for API servers
   *                         without that field selector, e.g. fabric8's mock server; {@link #pods()} filters anyway)
   */
  public ClusterCache(KubernetesClient client, long resyncMillis, Consumer<Change> sink, boolean podFieldSelector) {
    nodes = add(client.nodes().runnableInformer(resyncMillis), "Node", sink);
    pods = add(podFieldSelector
        ? client.pods().inAnyNamespace().withField("spec.schedulerName", WattshiftApi.SCHEDULER_NAME).runnableInformer(resyncMillis)
        : client.pods().inAnyNamespace().runnableInformer(resyncMillis), "Pod", sink);
    jobs = add(client.resources(GpuJob.class).inAnyNamespace().runnableInformer(resyncMillis), "GpuJob", sink);
    sites = add(client.resources(Site.class).runnableInformer(resyncMillis), "Site", sink);
    halls = add(client.resources(Hall.class).runnableInformer(resyncMillis), "Hall", sink);
    policies = add(client.resources(PowerPolicy.class).runnableInformer(resyncMillis), "PowerPolicy", sink);
    leases = add(client.resources(MiningLease.class).runnableInformer(resyncMillis), "MiningLease", sink);
  }

  private <T extends HasMetadata> SharedIndexInformer<T> add(SharedIndexInformer<T> informer, String kind,
      Consumer<Change> sink) {
    informer.itemStore(new LeanItemStore<>());
    informer.addEventHandler(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T obj) {
        sink.accept(new Change(kind, key(obj)));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        sink.accept(new Change(kind, key(newObj)));
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        sink.accept(new Change(kind, key(obj)));
      }
    });
    // A failing list/watch (e.g. CRD missing, RBAC) is logged and retried by fabric8, never a crash.
    informer.exceptionHandler((watching, t) -> {
      LOG.warn("{} informer: {} (retrying)", kind, t.toString());
      return true;
    });
    informers.add(informer);
    return informer;
  }

  /** Starts every informer; completes when all have listed once. */
  public CompletableFuture<Void> start() {
    return CompletableFuture.allOf(informers.stream().map(i -> i.start().toCompletableFuture())
        .toArray(CompletableFuture[]::new));
  }

  public boolean synced() {
    return informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  public List<Node> nodes() {
    return nodes.getStore().list();
  }

  /** Pods with {@code schedulerName: wattshift}. */
  public List<Pod> pods() {
    return pods.getStore().list().stream()
        .filter(p -> p.getSpec() != null && WattshiftApi.SCHEDULER_NAME.equals(p.getSpec().getSchedulerName())).toList();
  }

  public List<GpuJob> jobs() {
    return jobs.getStore().list();
  }

  public List<Site> sites() {
    return sites.getStore().list();
  }

  public List<Hall> halls() {
    return halls.getStore().list();
  }

  public List<PowerPolicy> policies() {
    return policies.getStore().list();
  }

  public List<MiningLease> leases() {
    return leases.getStore().list();
  }

  static String key(HasMetadata obj) {
    String ns = obj.getMetadata().getNamespace();
    return ns == null ? obj.getMetadata().getName() : ns + "/" + obj.getMetadata().getName();
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
