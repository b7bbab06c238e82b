package io.wattshift.scheduler.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.wattshift.api.GpuJob;
import io.wattshift.api.GpuJobStatus;
import io.wattshift.api.JobPhase;
import io.wattshift.api.WattshiftApi;
import io.wattshift.scheduler.jobs.GpuJobPods;
import io.wattshift.scheduler.loop.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The writer against fabric8's mock API server (CRUD mode): status writes, idempotent creates and deletes. */
@EnableKubernetesMockClient(crud = true)
class ClusterWriterTest {
  KubernetesClient client;

  @BeforeEach
  void register() {
    WattshiftApi.KINDS.forEach(client.getKubernetesSerialization()::registerKubernetesResource);
  }

  @Test
  void aStatusWriteFromAnOlderCopyLandsWithoutTouchingTheCopy() {
    GpuJob stale = client.resource(Fixtures.training("ns", "j", 1, 1)).create();
    GpuJob newer = client.resources(GpuJob.class).inNamespace("ns").withName("j")
        .edit(j -> {
          j.getMetadata().setLabels(java.util.Map.of("edited", "yes"));
          return j;
        });
    assertNotEquals(stale.getMetadata().getResourceVersion(), newer.getMetadata().getResourceVersion());

    GpuJobStatus status = new GpuJobStatus();
    status.setPhase(JobPhase.Running);
    new ClusterWriter(client).updateStatus(GpuJob.class, stale, j -> j.setStatus(status));

    GpuJob stored = client.resources(GpuJob.class).inNamespace("ns").withName("j").get();
    assertEquals(JobPhase.Running, stored.getStatus().getPhase());
    assertEquals("yes", stored.getMetadata().getLabels().get("edited"));
    assertNull(stale.getStatus(), "the caller's (informer's) copy was mutated");
  }

  @Test
  void creatingAnExistingPodAndDeletingAMissingOneAreNoOps() {
    Pod pod = GpuJobPods.desired(Fixtures.training("ns", "j", 1, 1), 0);
    ClusterWriter writer = new ClusterWriter(client);
    writer.createPod(pod);
    writer.createPod(pod);
    assertEquals(1, client.pods().inNamespace("ns").list().getItems().size());
    writer.deletePod("ns", "j-0");
    writer.deletePod("ns", "j-0");
    assertEquals(0, client.pods().inNamespace("ns").list().getItems().size());
  }

  @Test
  void aStatusWriteForADeletedObjectIsSkipped() {
    GpuJob job = client.resource(Fixtures.training("ns", "gone", 1, 1)).create();
    client.resources(GpuJob.class).inNamespace("ns").withName("gone").delete();
    new ClusterWriter(client).updateStatus(GpuJob.class, job, j -> j.setStatus(new GpuJobStatus()));
    assertNull(client.resources(GpuJob.class).inNamespace("ns").withName("gone").get());
  }

  @Test
  void aSuspendedPodIsAskedToCheckpointBeforeItIsDeleted() throws Exception {
    Pod pod = GpuJobPods.desired(Fixtures.training("ns", "j", 1, 1), 0);
    ClusterWriter writer = new ClusterWriter(client);
    writer.createPod(pod);
    java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
    try (var w = client.pods().inNamespace("ns").watch(new io.fabric8.kubernetes.client.Watcher<Pod>() {
      @Override
      public void eventReceived(Action action, Pod p) {
        var a = p.getMetadata().getAnnotations();
        if (action != Action.ADDED) { // the watch first replays the pod as it is
          seen.add(action + " " + (a == null ? null : a.get(ClusterWriter.CHECKPOINT_REASON_ANNOTATION)));
        }
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException e) {
      }
    })) {
      writer.checkpointAndDelete("ns", "j-0", "suspended for price", 30);
      assertEquals("MODIFIED suspended for price", seen.poll(10, java.util.concurrent.TimeUnit.SECONDS),
          "the checkpoint annotation comes first");
      assertEquals("DELETED suspended for price", seen.poll(10, java.util.concurrent.TimeUnit.SECONDS));
    }
    writer.checkpointAndDelete("ns", "j-0", "again", 30); // gone already: a no-op
    assertEquals(0, client.pods().inNamespace("ns").list().getItems().size());
  }
}
