package io.wattshift.scheduler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Pod;
import io.wattshift.api.GpuJob;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
  void finishedAndTerminatingPodsAreNotLive() {
    List<Pod> pods = new ArrayList<>(Fixtures.pods(Fixtures.training("ns", "t", 2, 1)));
    pods.get(0).setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Succeeded").build());
    pods.get(1).getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertEquals(List.of(), Gangs.of(pods));
  }
}
