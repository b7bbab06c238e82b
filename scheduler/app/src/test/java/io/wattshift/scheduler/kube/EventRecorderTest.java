package io.wattshift.scheduler.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events against fabric8's mock API server in CRUD mode: repeats are counted on one object, never dropped. */
@EnableKubernetesMockClient(crud = true)
class EventRecorderTest {
  KubernetesClient client;

  @Test
  void theSameEventAgainCountsOnTheObjectAlreadyWrittenAndADifferentOneIsItsOwn() {
    EventRecorder events = new EventRecorder(client, Clock.systemUTC(), "test");
    Pod a = pod("a");
    for (int i = 0; i < 3; i++) {
      events.record(a, "Warning", "FailedScheduling", "no GPUs");
    }
    events.record(a, "Normal", "Scheduled", "Successfully assigned team/a to n1");
    events.record(pod("b"), "Warning", "FailedScheduling", "no GPUs");
    List<Event> written = client.v1().events().inNamespace("team").list().getItems();
    assertEquals(3, written.size(), "one object per distinct event");
    Event repeated = written.stream().filter(e -> "a".equals(e.getInvolvedObject().getName())
        && "FailedScheduling".equals(e.getReason())).findFirst().orElseThrow();
    assertEquals(3, repeated.getCount());
    assertEquals(5, written.stream().mapToInt(Event::getCount).sum(), "every occurrence counted");
  }

  @Test
  void anEventTheServerNoLongerHasIsCreatedAnew() {
    EventRecorder events = new EventRecorder(client, Clock.systemUTC(), "test");
    Pod a = pod("a");
    events.record(a, "Warning", "FailedScheduling", "no GPUs");
    client.v1().events().inNamespace("team").delete(); // expired by the API server's TTL
    events.record(a, "Warning", "FailedScheduling", "no GPUs");
    List<Event> written = client.v1().events().inNamespace("team").list().getItems();
    assertEquals(1, written.size());
    assertEquals(1, written.get(0).getCount());
  }

  private static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withNamespace("team").withName(name).withUid("uid-" + name)
        .endMetadata().build();
  }
}
