package io.wattshift.scheduler.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.Map;

/**
 * An informer store that keeps each object without what the scheduler never reads and the API server attaches to
 * every object: {@code metadata.managedFields} (server-side apply's bookkeeping, often the largest part of a pod or
 * node) and kubectl's {@code last-applied-configuration} annotation (a second copy of the whole object). At
 * thousands of pods and nodes these were most of the informers' memory. Everything else is kept as it came.
 */
final class LeanItemStore<T extends HasMetadata> extends BasicItemStore<T> {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  LeanItemStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public T put(String key, T obj) {
    return super.put(key, lean(obj));
  }

  /** The same object with the two fields dropped (in place: the informer hands each decoded object over once). */
  static <T extends HasMetadata> T lean(T obj) {
    if (obj.getMetadata() != null) {
      obj.getMetadata().setManagedFields(null);
      Map<String, String> annotations = obj.getMetadata().getAnnotations();
      if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
        annotations.remove(LAST_APPLIED);
      }
    }
    return obj;
  }
}
