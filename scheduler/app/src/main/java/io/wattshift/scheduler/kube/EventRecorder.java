package io.wattshift.scheduler.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Writes core/v1 Events (what {@code kubectl describe} shows) about pods and Wattshift objects. BLOCKS: call on a
 * worker. Events about cluster-scoped objects go to the {@code default} namespace, as Kubernetes does.
 *
 * <p>Repeats are aggregated the way client-go's event recorder does, never dropped: the same event (object, type,
 * reason, message) again updates the one already written, {@code count} + 1 and a new {@code lastTimestamp}, instead
 * of creating another object. The recorder remembers the last {@value #REMEMBERED} distinct events for that (an
 * LRU); one it has forgotten, or whose object the API server has expired, is created anew. Thread-safe: writes of
 * the same event are serialised, different events go in parallel.
 */
public final class EventRecorder {
  public static final String COMPONENT = "wattshift-scheduler";
  static final int REMEMBERED = 4096;

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;
  /** What makes two events the same one; guarded by itself. */
  private final Map<Key, Written> written = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Written> eldest) {
      return size() > REMEMBERED;
    }
  };

  private record Key(String namespace, String kind, String name, String uid, String type, String reason,
      String message) {
  }

  /** The event object written for a key: its name and how often it happened; guarded by itself. */
  private static final class Written {
    String name;
    int count;
  }

  public EventRecorder(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
  }

  /** @param type {@code Normal} or {@code Warning} */
  public void record(HasMetadata about, String type, String reason, String message) {
    String ns = about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
    String text = truncate(message);
    Key key = new Key(ns, about.getKind(), about.getMetadata().getName(), about.getMetadata().getUid(), type, reason,
        text);
    Written entry;
    synchronized (written) {
      entry = written.computeIfAbsent(key, k -> new Written());
    }
    synchronized (entry) {
      String now = Instant.now(clock).toString();
      if (entry.name != null && repeat(ns, entry, now)) {
        return;
      }
      entry.name = about.getMetadata().getName() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      entry.count = 1;
      client.v1().events().inNamespace(ns).resource(newEvent(about, ns, entry.name, type, reason, text, now)).create();
    }
  }

  /** Counts one more occurrence on the event already written; false when the API server no longer has it. */
  private boolean repeat(String ns, Written entry, String now) {
    int count = entry.count + 1;
    try {
      // one merge patch, as client-go does: no read first
      client.v1().events().inNamespace(ns).withName(entry.name).patch(PatchContext.of(PatchType.JSON_MERGE),
          "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
      entry.count = count;
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return false; // expired (the API server keeps events an hour): start a new one
      }
      throw e;
    }
  }

  private Event newEvent(HasMetadata about, String ns, String name, String type, String reason, String message,
      String now) {
    return new EventBuilder()
        .withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(about.getApiVersion()).withKind(about.getKind())
            .withName(about.getMetadata().getName()).withNamespace(about.getMetadata().getNamespace())
            .withUid(about.getMetadata().getUid()).withResourceVersion(about.getMetadata().getResourceVersion()).build())
        .withType(type).withReason(reason).withMessage(message)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withNewSource().withComponent(COMPONENT).withHost(instance).endSource()
        .withReportingComponent(COMPONENT).withReportingInstance(instance)
        .build();
  }

  private static String truncate(String message) {
    return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
  }
}
