package io.wattshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every example manifest and a fully populated status survive YAML -> Java -> YAML without losing a field. */
class RoundTripTest {
  private static final Path EXAMPLES = Path.of(System.getProperty("wattshift.examples", "../../examples"));
  /** 5000 in YAML and 5000.0 from a Double field are the same quantity. */
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) ->
      a.isNumber() && b.isNumber() ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  RoundTripTest() {
    WattshiftApi.KINDS.forEach(serialization::registerKubernetesResource);
  }

  private List<HasMetadata> load(String file) throws IOException {
    String yaml = Files.readString(EXAMPLES.resolve(file));
    Object parsed = serialization.unmarshal(yaml);
    List<HasMetadata> items = new ArrayList<>();
    if (parsed instanceof List<?> list) {
      list.forEach(o -> items.add((HasMetadata) o));
    } else {
      items.add((HasMetadata) parsed);
    }
    return items;
  }

  private void assertLossless(String file) throws IOException {
    String yaml = Files.readString(EXAMPLES.resolve(file));
    List<JsonNode> original = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---$")) {
      original.add(serialization.unmarshal(doc, JsonNode.class));
    }
    List<HasMetadata> objects = load(file);
    assertEquals(original.size(), objects.size());
    objects.forEach(o -> assertEquals("io.wattshift.api", o.getClass().getPackageName(), file + ": not a Wattshift class"));
    for (int i = 0; i < objects.size(); i++) {
      JsonNode again = serialization.unmarshal(serialization.asYaml(objects.get(i)), JsonNode.class);
      assertTrue(original.get(i).equals(NUMBERS_BY_VALUE, again),
          file + " document " + i + " changed in the round trip: " + original.get(i) + " became " + again);
    }
  }

  @Test
  void examplesDeserialiseIntoTheWattshiftClassesAndBackUnchanged() throws IOException {
    for (String file : List.of("site.yaml", "halls.yaml", "policy.yaml", "training-job.yaml", "inference-job.yaml")) {
      assertLossless(file);
    }
  }

  @Test
  void hallExampleCarriesWhatTheEngineAndTheFleetAdapterNeed() throws IOException {
    Hall hall = (Hall) load("halls.yaml").get(0);
    assertEquals("hall-a", hall.getMetadata().getName());
    assertEquals(120.0, hall.getSpec().getFeedKilowatts());
    assertEquals(1.5, hall.getSpec().getCooling().getDeratingPercentPerDegree());
    assertEquals("hall-a", hall.getSpec().getNodeSelector().get("wattshift.io/hall"));
    assertEquals(20.0, hall.getSpec().getRacks().get(0).getLimitKilowatts());
    assertEquals("hall-a-miners", hall.getSpec().getMiners().getCredentialsSecret().getName());
    assertEquals(MinerProtocol.LuxOS, hall.getSpec().getMiners().getProtocol());
    assertEquals(17.5, hall.getSpec().getMiners().getMiners().get(1).getEfficiencyJoulesPerTerahash());
    assertEquals(40.0, hall.getSpec().getMiners().getStandbyWatts());
    assertEquals(60.0, hall.getSpec().getMiners().getMiners().get(0).getStandbyWatts());
    assertEquals(null, hall.getSpec().getMiners().getMiners().get(1).getStandbyWatts(), "takes the fleet's");
  }

  @Test
  void gpuJobExampleKeepsTypeGangAndTemplate() throws IOException {
    GpuJob job = (GpuJob) load("training-job.yaml").get(0);
    assertEquals(GpuJobType.Training, job.getSpec().getType());
    assertEquals(2, job.getSpec().getWorkers());
    assertEquals(Topology.SameRack, job.getSpec().getTopology());
    assertEquals("trainer", job.getSpec().getTemplate().getSpec().getContainers().get(0).getName());
  }

  @Test
  void populatedStatusesSurviveJsonRoundTrip() {
    GpuJob job = new GpuJob();
    job.setMetadata(new ObjectMetaBuilder().withName("j").withNamespace("ns").withGeneration(3L).build());
    GpuJobStatus status = new GpuJobStatus();
    status.setPhase(JobPhase.Pending);
    status.setGpus(16);
    status.setCommittedKilowatts(0.0);
    status.setReason("InsufficientPower");
    status.setMessage("hall-c: needs 25.1 kW, 19.0 kW free");
    status.setObservedGeneration(3L);
    PodPlacement placement = new PodPlacement();
    placement.setPod("j-0");
    placement.setNode("gpu-a-1");
    placement.setCommittedWatts(6400.0);
    status.getPlacements().add(placement);
    status.getConditions().add(new ConditionBuilder().withType("Scheduled").withStatus("False")
        .withReason("InsufficientPower").withMessage("m").withLastTransitionTime("2026-01-01T00:00:00Z")
        .withObservedGeneration(3L).build());
    job.setStatus(status);

    GpuJob back = serialization.unmarshal(serialization.asJson(job), GpuJob.class);
    assertEquals(serialization.asJson(job), serialization.asJson(back));
    assertEquals("InsufficientPower", back.getStatus().getConditions().get(0).getReason());

    MiningLease lease = new MiningLease();
    lease.setMetadata(new ObjectMetaBuilder().withName("hall-a").build());
    MiningLeaseSpec spec = new MiningLeaseSpec();
    spec.setHall("hall-a");
    spec.setKilowatts(42.5);
    lease.setSpec(spec);
    MiningLeaseStatus leaseStatus = new MiningLeaseStatus();
    leaseStatus.setState(LeaseState.Curtailing);
    leaseStatus.getUnhealthyMiners().add("s19-001");
    lease.setStatus(leaseStatus);
    MiningLease leaseBack = serialization.unmarshal(serialization.asJson(lease), MiningLease.class);
    assertEquals(serialization.asJson(lease), serialization.asJson(leaseBack));
    assertNotNull(leaseBack.getApiVersion());
    assertEquals(WattshiftApi.API_VERSION, leaseBack.getApiVersion());
  }
}
