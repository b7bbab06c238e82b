package io.wattshift.scheduler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.wattshift.api.Hall;
import io.wattshift.api.WattshiftApi;
import io.wattshift.engine.model.GpuSpec;
import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.NodeFacts;
import io.wattshift.engine.model.NodeSelectorRequirement;
import io.wattshift.engine.model.NodeSelectorTerm;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.PodRequirements;
import io.wattshift.engine.model.Resources;
import io.wattshift.engine.model.Taint;
import io.wattshift.engine.model.TaintEffect;
import io.wattshift.engine.model.Toleration;
import io.wattshift.wire.NodeKeys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Node facts and pod requirements from fabric8 objects, as the engine's checks read them. */
class TranslationFidelityTest {
  private static Node gpuNode(Map<String, String> annotations) {
    return new NodeBuilder().withNewMetadata().withName("n1")
        .withLabels(Map.of("wattshift.io/hall", "b", WattshiftApi.RACK_LABEL, "r1", "zone", "z1"))
        .withAnnotations(annotations).endMetadata()
        .withNewSpec().addNewTaint().withKey("maintenance").withValue("true").withEffect("NoSchedule").endTaint()
        .endSpec()
        .withNewStatus().withAllocatable(Map.of(WattshiftApi.GPU_RESOURCE, new Quantity("4"), "cpu",
            new Quantity("63500m"), "memory", new Quantity("512Gi"), "pods", new Quantity("110"),
            "ephemeral-storage", new Quantity("1Ti"), "hugepages-1Gi", new Quantity("0")))
        .endStatus().build();
  }

  @Test
  @DisplayName("the daemon's power limits are each GPU's range: no cap below what the GPU accepts is booked")
  void theDaemonsLimitsAreTheGpuRange() {
    Hall b = Fixtures.hall("b", "s", 100, 30);
    NodeSpec spec = Translation.node(gpuNode(Map.of(NodeKeys.ANNOTATION_POWER_MIN_WATTS, "200",
        NodeKeys.ANNOTATION_POWER_DEFAULT_WATTS, "700", NodeKeys.ANNOTATION_POWER_MAX_WATTS, "700")), b)
        .orElseThrow();
    GpuSpec gpu = spec.gpus().get(0);
    assertEquals(List.of(200.0, 700.0, 700.0), List.of(gpu.minLimitW(), gpu.powerLimitW(), gpu.maxLimitW()));
    GpuSpec fallback = Translation.node(gpuNode(Map.of()), b).orElseThrow().gpus().get(0);
    assertEquals(Translation.GPU_MIN_LIMIT_W, fallback.minLimitW(), "without the daemon's word: the fallback");
  }

  @Test
  @DisplayName("labels, taints and allocatable (GPUs out, CPU in millicores, zero amounts dropped) are the facts")
  void theNodesFacts() {
    NodeFacts f = Translation.facts(gpuNode(Map.of()));
    assertEquals("z1", f.labels().get("zone"));
    assertEquals(List.of(new Taint("maintenance", "true", TaintEffect.NO_SCHEDULE)), f.taints());
    assertEquals(Resources.of("cpu", 63_500, "memory", 512L << 30, "pods", 110, "ephemeral-storage", 1L << 40),
        f.allocatable());
    NodeSpec spec = Translation.node(gpuNode(Map.of()), Fixtures.hall("b", "s", 100, 30)).orElseThrow();
    assertEquals(f.withTaints(List.of()), spec.facts(), "taints wait for the pods' tolerations");
  }

  @Test
  @DisplayName("a PodSpec's selector, affinity, tolerations and effective request become its requirements")
  void thePodsRequirements() {
    PodSpec spec = new PodSpecBuilder()
        .withNodeSelector(Map.of("zone", "z1"))
        .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().addNewMatchExpression().withKey("rev").withOperator("Gt").withValues("4")
        .endMatchExpression().endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
        .addNewToleration().withKey("maintenance").withOperator("Exists").endToleration()
        .addNewToleration().withKey("spot").withValue("yes").withEffect("PreferNoSchedule").endToleration()
        .addNewContainer().withName("a").withNewResources().addToRequests("cpu", new Quantity("1500m"))
        .addToRequests("memory", new Quantity("1Gi")).addToRequests(WattshiftApi.GPU_RESOURCE, new Quantity("8"))
        .endResources().endContainer()
        .addNewContainer().withName("b").withNewResources().addToRequests("cpu", new Quantity("500m"))
        .endResources().endContainer()
        .addNewInitContainer().withName("init").withNewResources().addToRequests("cpu", new Quantity("3"))
        .endResources().endInitContainer()
        .addToOverhead("memory", new Quantity("100Mi"))
        .build();
    PodRequirements r = Translation.requirements(spec);
    assertEquals(Map.of("zone", "z1"), r.nodeSelector());
    assertEquals(List.of(NodeSelectorTerm.of(NodeSelectorRequirement.of("rev", NodeSelectorRequirement.Operator.GT,
        "4"))), r.requiredAffinity());
    assertEquals(List.of(Toleration.exists("maintenance", null),
        Toleration.equal("spot", "yes", TaintEffect.PREFER_NO_SCHEDULE)), r.tolerations());
    // cpu: max(1.5 + 0.5, 3) = 3 cores; memory 1 Gi + 100 Mi overhead; GPUs are the gang's, not a request
    assertEquals(Resources.of("cpu", 3000, "memory", (1L << 30) + (100L << 20)), r.requests());
    assertNull(Translation.requirements(new PodSpec()).requiredAffinity(), "no affinity: no term to match");
  }

  @Test
  @DisplayName("an operator Kubernetes does not define is refused by name")
  void anUnknownOperatorIsRefused() {
    PodSpec spec = new PodSpecBuilder().addNewToleration().withKey("k").withOperator("Lt").withValue("5")
        .endToleration().build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Translation.requirements(spec));
    assertTrue(e.getMessage().contains("\"Lt\""), e.getMessage());
  }

  @Test
  @DisplayName("a gang of CPU-only pods is a job of no GPUs with its requirements, not one booked as a GPU")
  void aCpuOnlyGangAsksForNoGpu() {
    Gang gang = new Gang("ns/etl", null, "t", "t", 1, 1, 0, 0, false, 0, "Any", List.of("ns/etl-0"), List.of(),
        Instant.parse("2026-01-01T00:00:00Z"));
    PodSpec spec = new PodSpecBuilder().addNewContainer().withName("c").withNewResources()
        .addToRequests("cpu", new Quantity("2")).endResources().endContainer().build();
    JobSpec job = Translation.job(gang, spec);
    assertEquals(0, job.gpusPerPod());
    assertEquals(2000, job.requirements().requests().get("cpu"));
    assertEquals(1, Translation.job(gang).gpusPerPod(), "the one-argument form is unchanged until the shim switches");
  }
}
