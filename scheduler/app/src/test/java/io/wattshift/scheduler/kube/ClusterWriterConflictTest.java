package io.wattshift.scheduler.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.wattshift.api.GpuJob;
import io.wattshift.api.GpuJobStatus;
import io.wattshift.api.JobPhase;
import io.wattshift.api.WattshiftApi;
import io.wattshift.scheduler.loop.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A 409 on a status write is answered by re-reading the object and writing again (mock server, expectations). */
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
}
