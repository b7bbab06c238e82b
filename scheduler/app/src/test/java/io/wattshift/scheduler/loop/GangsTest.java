package io.wattshift.scheduler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Pod;
import io.wattshift.api.GpuJob;
import io.wattshift.api.WattshiftApi;
import io.wattshift.engine.model.JobSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GangsTest {
  @Test
  void podsOfAGpuJobFormOneGangOwnedByTheJob() {
    GpuJob job = Fixtures.training("ns", "train", 3, 4);
    List<Gang> gangs = Gangs.of(Fixtures.pods(job, "n1"));
    assertEquals(1, gangs.size());
    Gang g = gangs.get(0);
    assertEquals("ns/train", g.key());
    assertEquals("train", g.owner());
    assertEquals(3, g.size());
    assertEquals(3, g.minMembers());
    assertEquals(4, g.gpusPerPod());
    assertEquals(List.of("ns/train-1", "ns/train-2"), g.pending());
    assertEquals(List.of(new Gang.BoundPod("ns/train-0", "n1")), g.bound());
  }

  @Test
  void foreignPodsGroupByGangAnnotationAndAPodWithoutOneIsAGangOfOne() {
    Pod a = Fixtures.foreignPod("ns", "a", "g", 2, 1);
    Pod b = Fixtures.foreignPod("ns", "b", "g", 2, 1);
    Pod solo = Fixtures.foreignPod("ns", "solo", "", 1, 2);
    List<Gang> gangs = Gangs.of(List.of(a, b, solo));
    assertEquals(List.of("ns/g", "ns/solo"), gangs.stream().map(Gang::key).toList());
    assertNull(gangs.get(0).owner());
    assertEquals(2, gangs.get(0).pending().size());
    assertEquals(2, gangs.get(1).gpusPerPod());
  }

  @Test
  void aGpuJobsQueueReachesItsGangAndTheEnginesJob() {
    GpuJob job = Fixtures.training("ml", "train", 2, 4);
    job.getSpec().setTenant("acme");
    job.getSpec().setQueue("batch");
    Gang g = Gangs.of(Fixtures.pods(job)).get(0);
    assertEquals("acme", g.tenant());
    assertEquals("batch", g.queue());
    JobSpec spec = Translation.job(g);
    assertEquals("acme", spec.tenant());
    assertEquals("batch", spec.queue());
  }

  static Stream<Arguments> foreignQueues() {
    return Stream.of(
        // tenant and queue annotations of a plain pod (null: absent); the gang's tenant and queue
        Arguments.of(null, null, "ns", "ns"),
        Arguments.of("acme", null, "acme", "ns"),
        Arguments.of(null, "batch", "ns", "batch"),
        Arguments.of("acme", " ", "acme", "ns"),
        Arguments.of("acme", "serve", "acme", "serve"));
  }

  @ParameterizedTest(name = "annotations tenant {0}, queue {1}: gang tenant {2}, queue {3}")
  @MethodSource("foreignQueues")
  void aPlainPodMayNameItsQueueWhichDefaultsToTheNamespace(String tenant, String queue, String wantTenant,
      String wantQueue) {
    Pod pod = Fixtures.foreignPod("ns", "p", "", 1, 1);
    Map<String, String> a = new HashMap<>(pod.getMetadata().getAnnotations());
    if (tenant != null) {
      a.put(WattshiftApi.TENANT, tenant);
    }
    if (queue != null) {
      a.put(WattshiftApi.QUEUE, queue);
    }
    pod.getMetadata().setAnnotations(a);
    Gang g = Gangs.of(List.of(pod)).get(0);
    assertEquals(wantTenant, g.tenant());
    assertEquals(wantQueue, g.queue());
    assertEquals(wantQueue, Translation.job(g).queue());
  }

  @Test
  void finishedAndTerminatingPodsAreNotLive() {
    List<Pod> pods = new ArrayList<>(Fixtures.pods(Fixtures.training("ns", "t", 2, 1)));
    pods.get(0).setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Succeeded").build());
    pods.get(1).getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertEquals(List.of(), Gangs.of(pods));
  }
}
