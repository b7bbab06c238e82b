package io.wattshift.scheduler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.wattshift.api.GpuJob;
import io.wattshift.api.GpuJobType;
import io.wattshift.api.Hall;
import io.wattshift.api.PowerPolicy;
import io.wattshift.api.Site;
import io.wattshift.api.Topology;
import io.wattshift.api.WattshiftApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The example site (examples/*.yaml) with the test bed's node layout: 4 nodes of 8 GPUs in rack r01 of each hall. */
class ExampleSiteTest {
  private static final Path EXAMPLES = Path.of(System.getProperty("wattshift.examples", "../../examples"));
  private final KubernetesSerialization json = new KubernetesSerialization();
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T03:00:00Z"), ZoneOffset.UTC);

  ExampleSiteTest() {
    WattshiftApi.KINDS.forEach(json::registerKubernetesResource);
  }

  private <T> List<T> load(String file, Class<T> type) throws IOException {
    List<T> out = new ArrayList<>();
    for (String doc : Files.readString(EXAMPLES.resolve(file)).split("(?m)^---$")) {
      HasMetadata o = json.unmarshal(doc);
      out.add(type.cast(o));
    }
    return out;
  }

  private Placement.World world(List<Pod> pods) throws IOException {
    List<Node> nodes = new ArrayList<>();
    for (String hall : List.of("hall-a", "hall-b", "hall-c")) {
      for (int i = 1; i <= 4; i++) {
        nodes.add(Fixtures.node(hall + "-r01-n00" + i, hall, "r01", 8));
      }
    }
    return new Placement.World(load("site.yaml", Site.class), load("halls.yaml", Hall.class), nodes,
        load("policy.yaml", PowerPolicy.class), List.of(), Gangs.of(pods));
  }

  @Test
  void theExampleJobsBindAndADenseSameRackGangIsRefusedForPower() throws IOException {
    List<Pod> pods = new ArrayList<>();
    GpuJob training = load("training-job.yaml", GpuJob.class).get(0);
    training.getMetadata().setUid("u1");
    GpuJob inference = load("inference-job.yaml", GpuJob.class).get(0);
    inference.getMetadata().setUid("u2");
    pods.addAll(Fixtures.pods(training));
    pods.addAll(Fixtures.pods(inference));
    EnginePlacement placement = new EnginePlacement(clock, d -> { });
    placement.observe(world(pods));
    Map<String, String> bound = new TreeMap<>();
    for (Action a : placement.step(clock.instant())) {
      if (a instanceof Action.BindGang b) {
        bound.putAll(b.nodes());
        placement.bindResult(b.gang(), true);
      }
    }
    assertEquals(5, bound.size(), bound.toString());
    pods.forEach(p -> p.getSpec().setNodeName(bound.get(Gangs.key(p))));

    GpuJob dense = Fixtures.training("default", "too-dense", 4, 8);
    dense.getSpec().setTopology(Topology.SameRack);
    pods.addAll(Fixtures.pods(dense));
    placement.observe(world(pods));
    List<Action> actions = placement.step(clock.instant());
    Action.Unschedulable why = (Action.Unschedulable) actions.stream().filter(a -> a instanceof Action.Unschedulable)
        .findFirst().orElseThrow(() -> new AssertionError(actions.toString()));
    assertEquals(PendingReason.InsufficientPower, why.reason(), why.message());
    assertTrue(why.message().contains("kW"), why.message());
    assertEquals(GpuJobType.Training, dense.getSpec().getType());
  }
}
