package io.wattshift.scheduler.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.wattshift.api.GpuJob;
import io.wattshift.api.WattshiftApi;
import io.wattshift.scheduler.loop.Fixtures;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GpuJobPodsTest {
  static Stream<Arguments> chargeAndQueue() {
    return Stream.of(
        // spec.tenant, spec.queue; the pod's tenant and queue annotations
        Arguments.of(null, null, "ml", "ml"),
        Arguments.of("acme", null, "acme", "ml"),
        Arguments.of(null, "batch", "ml", "batch"),
        Arguments.of("acme", "serve", "acme", "serve"));
  }

  @ParameterizedTest(name = "tenant {0}, queue {1}: pods annotated tenant {2}, queue {3}")
  @MethodSource("chargeAndQueue")
  void everyPodCarriesTheJobsTenantAndQueueEachDefaultingToTheNamespace(String tenant, String queue,
      String wantTenant, String wantQueue) {
    GpuJob job = Fixtures.training("ml", "train", 2, 4);
    job.getSpec().setTenant(tenant);
    job.getSpec().setQueue(queue);
    for (int i = 0; i < 2; i++) {
      Pod pod = GpuJobPods.desired(job, i);
      Map<String, String> a = pod.getMetadata().getAnnotations();
      assertEquals(wantTenant, a.get(WattshiftApi.TENANT));
      assertEquals(wantQueue, a.get(WattshiftApi.QUEUE));
    }
  }
}
