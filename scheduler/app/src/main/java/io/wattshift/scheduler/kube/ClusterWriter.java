package io.wattshift.scheduler.kube;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write the scheduler makes to the API server. All methods BLOCK (HTTP round trips): call them only from the
 * worker executor, never from an event loop or the scheduling context. Creates and deletes are idempotent (409 on
 * create and 404 on delete count as success); status updates retry 409 conflicts on the latest version.
 */
public final class ClusterWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterWriter.class);
  private static final int CONFLICT_RETRIES = 5;

  private final KubernetesClient client;

  public ClusterWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Creates the pod; an existing pod of that name is left as it is. */
  public void createPod(Pod pod) {
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }

  /** Annotation a workload watches (downward API) to know it must checkpoint now: the time it was asked, RFC 3339. */
  public static final String CHECKPOINT_ANNOTATION = "wattshift.io/checkpoint-requested";
  /** Why the checkpoint was asked (a price suspension's reason), beside {@link #CHECKPOINT_ANNOTATION}. */
  public static final String CHECKPOINT_REASON_ANNOTATION = "wattshift.io/checkpoint-reason";

  /**
   * Asks the pod to checkpoint, then stops it: annotates it ({@link #CHECKPOINT_ANNOTATION}, its reason), then
   * deletes it with {@code graceSeconds} (the kubelet sends SIGTERM at once and SIGKILL after the grace). An absent
   * pod is fine.
   */
  public void checkpointAndDelete(String namespace, String name, String reason, long graceSeconds) {
    var pod = client.pods().inNamespace(namespace).withName(name);
    String at = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    try {
      pod.edit(p -> {
        if (p.getMetadata().getAnnotations() == null) {
          p.getMetadata().setAnnotations(new java.util.LinkedHashMap<>());
        }
        p.getMetadata().getAnnotations().put(CHECKPOINT_ANNOTATION, at);
        p.getMetadata().getAnnotations().put(CHECKPOINT_REASON_ANNOTATION,
            reason.length() > 250 ? reason.substring(0, 250) : reason);
        return p;
      });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      return;
    }
    pod.withGracePeriod(graceSeconds).delete();
  }

  /** Deletes the pod (gracefully); an absent pod is fine. */
  public void deletePod(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  /**
   * Binds the pod to the node through the {@code pods/binding} subresource. Fails (409) if the pod is already bound:
   * the API server guarantees a pod binds at most once.
   */
  public void bind(String namespace, String pod, String node) {
    Binding binding = new BindingBuilder().withNewMetadata().withName(pod).withNamespace(namespace).endMetadata()
        .withNewTarget().withApiVersion("v1").withKind("Node").withName(node).endTarget().build();
    client.raw("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/binding", "POST", binding);
  }

  /**
   * Replaces the status of {@code resource} with what {@code setStatus} writes into a copy of it; on a 409 conflict
   * re-reads the latest version and calls {@code setStatus} on that, so a setter that merges with what it is given
   * (e.g. keeps conditions other writers own, see {@code StatusViews.writeHall}) merges with the newest status, not
   * with the caller's out-of-date copy. A resource that no longer exists is skipped.
   */
  public <T extends HasMetadata> void updateStatus(Class<T> type, T resource, Consumer<T> setStatus) {
    String ns = resource.getMetadata().getNamespace();
    Resource<T> handle = ns == null
        ? client.resources(type).withName(resource.getMetadata().getName())
        : client.resources(type).inNamespace(ns).withName(resource.getMetadata().getName());
    // Never mutate the caller's object: it is usually an informer's cached copy.
    T current = client.getKubernetesSerialization().clone(resource);
    for (int attempt = 1; ; attempt++) {
      try {
        setStatus.accept(current);
        client.resources(type).resource(current).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return;
        }
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= CONFLICT_RETRIES) {
          throw e;
        }
        LOG.debug("conflict writing status of {}/{}, retrying on the latest version", ns, resource.getMetadata().getName());
        current = handle.get();
        if (current == null) {
          return;
        }
      }
    }
  }
}
