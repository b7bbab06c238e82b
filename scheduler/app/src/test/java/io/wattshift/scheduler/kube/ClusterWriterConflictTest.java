package io.wattshift.scheduler.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.wattshift.api.GpuJob;
import io.wattshift.api.GpuJobStatus;
import io.wattshift.api.Hall;
import io.wattshift.api.HallStatus;
import io.wattshift.api.JobPhase;
import io.wattshift.api.WattshiftApi;
import io.wattshift.scheduler.loop.Fixtures;
import io.wattshift.scheduler.loop.HallHeadroom;
import io.wattshift.scheduler.loop.StatusViews;
import io.wattshift.scheduler.mining.HallMiningConditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A 409 on a status write is answered by re-reading the object and writing again, merged with what was re-read
 * (mock server, expectations: its CRUD mode does not check resourceVersion on status writes).
 */
@EnableKubernetesMockClient
class ClusterWriterConflictTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void aConflictIsRetriedOnTheLatestVersion() throws Exception {
    WattshiftApi.KINDS.forEach(client.getKubernetesSerialization()::registerKubernetesResource);
    String path = "/apis/wattshift.io/v1alpha1/namespaces/ns/gpujobs/j";
    GpuJob stale = Fixtures.training("ns", "j", 1, 1);
    stale.getMetadata().setResourceVersion("1");
    GpuJob latest = Fixtures.training("ns", "j", 1, 1);
    latest.getMetadata().setResourceVersion("2");
    server.expect().put().withPath(path + "/status").andReturn(409, new StatusBuilder().withCode(409)
        .withReason("Conflict").withMessage("the object has been modified").build()).once();
    server.expect().get().withPath(path).andReturn(200, latest).once();
    server.expect().put().withPath(path + "/status").andReturn(200, latest).once();

    GpuJobStatus status = new GpuJobStatus();
    status.setPhase(JobPhase.Running);
    new ClusterWriter(client).updateStatus(GpuJob.class, stale, j -> j.setStatus(status));

    List<String> requests = new ArrayList<>();
    for (int i = 0; i < server.getRequestCount(); i++) {
      var r = server.takeRequest(1, TimeUnit.SECONDS);
      requests.add(r.getMethod() + " " + r.getPath() + (r.getMethod().equals("PUT")
          ? " rv=" + client.getKubernetesSerialization().unmarshal(r.getBody().readUtf8(), GpuJob.class)
              .getMetadata().getResourceVersion() : ""));
    }
    assertEquals(List.of("PUT " + path + "/status rv=1", "GET " + path, "PUT " + path + "/status rv=2"), requests);
  }

  @Test
  void aHallStatusRetriedAfterAConflictKeepsTheConditionsOtherWritersOwn() throws Exception {
    WattshiftApi.KINDS.forEach(client.getKubernetesSerialization()::registerKubernetesResource);
    String path = "/apis/wattshift.io/v1alpha1/halls/a";
    Hall cached = Fixtures.hall("a", "s", 100, 100); // the loop's informer copy: no mining condition yet
    cached.getMetadata().setResourceVersion("1");
    Hall latest = Fixtures.hall("a", "s", 100, 100); // the mining side has written MinersUnavailable since
    latest.getMetadata().setResourceVersion("2");
    latest.setStatus(new HallStatus());
    latest.getStatus().setConditions(HallMiningConditions.with(null, latest, HallMiningConditions.MINERS_UNAVAILABLE,
        true, "SecretNotFound", "the fleet's Secret is gone", Instant.EPOCH));
    server.expect().put().withPath(path + "/status").andReturn(409, new StatusBuilder().withCode(409)
        .withReason("Conflict").withMessage("the object has been modified").build()).once();
    server.expect().get().withPath(path).andReturn(200, latest).once();
    server.expect().put().withPath(path + "/status").andReturn(200, latest).once();

    HallStatus desired = StatusViews.hall(cached, new HallHeadroom("a", 100, 30, 0, 70, 10, 200, 16, 8), Set.of("s"),
        Instant.EPOCH);
    new ClusterWriter(client).updateStatus(Hall.class, cached, h -> StatusViews.writeHall(h, desired));

    server.takeRequest(1, TimeUnit.SECONDS); // the PUT that conflicted
    server.takeRequest(1, TimeUnit.SECONDS); // the re-read
    Hall retried = client.getKubernetesSerialization().unmarshal(
        server.takeRequest(1, TimeUnit.SECONDS).getBody().readUtf8(), Hall.class);
    assertEquals("2", retried.getMetadata().getResourceVersion());
    assertEquals(30, retried.getStatus().getAiKilowatts(), 1e-9, "the loop's figures are written");
    Map<String, String> conditions = retried.getStatus().getConditions().stream()
        .collect(Collectors.toMap(Condition::getType, Condition::getStatus));
    assertEquals(Map.of("Ready", "True", HallMiningConditions.MINERS_UNAVAILABLE, "True"), conditions);
  }
}
