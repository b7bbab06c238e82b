package io.wattshift.scheduler.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes core/v1 Events (what {@code kubectl describe} shows) about pods and Wattshift objects. BLOCKS: call on the
 * worker executor. Events about cluster-scoped objects go to the {@code default} namespace, as Kubernetes does.
 */
public final class EventRecorder {
  public static final String COMPONENT = "wattshift-scheduler";

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;

  public EventRecorder(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
  }

  /** @param type {@code Normal} or {@code Warning} */
  public void record(HasMetadata about, String type, String reason, String message) {
    String ns = about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
    String now = Instant.now(clock).toString();
    Event event = new EventBuilder()
        .withNewMetadata().withNamespace(ns)
        .withName(about.getMetadata().getName() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(about.getApiVersion()).withKind(about.getKind())
            .withName(about.getMetadata().getName()).withNamespace(about.getMetadata().getNamespace())
            .withUid(about.getMetadata().getUid()).withResourceVersion(about.getMetadata().getResourceVersion()).build())
        .withType(type).withReason(reason).withMessage(truncate(message))
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withNewSource().withComponent(COMPONENT).withHost(instance).endSource()
        .withReportingComponent(COMPONENT).withReportingInstance(instance)
        .build();
    client.v1().events().inNamespace(ns).resource(event).create();
  }

  private static String truncate(String message) {
    return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
  }
}
