package io.wattshift.scheduler.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wattshift.api.Hall;
import io.wattshift.api.PowerPolicy;
import io.wattshift.api.Rack;
import io.wattshift.api.WattshiftApi;
import io.wattshift.scheduler.loop.Gangs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recomputes, from the API server alone and independently of the engine, the power every bound Wattshift pod
 * commits (GPUs at their cap or the hall's nameplate, host overhead by GPU share, cooling overhead on the feed) and
 * checks it against every hall feed (less the policy reserve) and rack limit, and GPUs against every node.
 */
final class PowerBudgets {
  private PowerBudgets() {
  }

  static void assertWithinBudgets(KubernetesClient client) {
    List<Hall> halls = client.resources(Hall.class).list().getItems();
    double reserve = client.resources(PowerPolicy.class).list().getItems().stream()
        .filter(p -> p.getSpec() != null && p.getSpec().getReserveKilowatts() != null)
        .mapToDouble(p -> p.getSpec().getReserveKilowatts()).max().orElse(0);
    Map<String, Node> nodes = new HashMap<>();
    client.nodes().list().getItems().forEach(n -> nodes.put(n.getMetadata().getName(), n));
    Map<String, Double> hallKw = new HashMap<>();
    Map<String, Double> rackKw = new HashMap<>();
    Map<String, Integer> nodeGpus = new HashMap<>();
    for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
      if (!WattshiftApi.SCHEDULER_NAME.equals(pod.getSpec().getSchedulerName()) || !Gangs.live(pod) || !Gangs.bound(pod)) {
        continue;
      }
      Node node = nodes.get(pod.getSpec().getNodeName());
      String hallName = node.getMetadata().getLabels().get("wattshift.io/hall");
      Hall hall = halls.stream().filter(h -> h.getMetadata().getName().equals(hallName)).findFirst().orElseThrow();
      int gpus = Gangs.gpus(pod);
      int nodeTotal = Integer.parseInt(node.getStatus().getAllocatable().get(WattshiftApi.GPU_RESOURCE).getAmount());
      String cap = pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(WattshiftApi.POWER_CAP_WATTS);
      double nameplate = hall.getSpec().getGpuNameplateWatts();
      double perGpu = cap == null ? nameplate : Math.min(nameplate, Double.parseDouble(cap));
      double itKw = (gpus * perGpu + hall.getSpec().getHostOverheadWatts() * (double) gpus / nodeTotal) / 1000.0;
      double overhead = 1 + (hall.getSpec().getCooling().getOverheadPercent() == null ? 0
          : hall.getSpec().getCooling().getOverheadPercent() / 100.0);
      hallKw.merge(hallName, itKw * overhead, Double::sum);
      rackKw.merge(hallName + "/" + node.getMetadata().getLabels().get(WattshiftApi.RACK_LABEL), itKw, Double::sum);
      nodeGpus.merge(node.getMetadata().getName(), gpus, Integer::sum);
    }
    for (Hall hall : halls) {
      String name = hall.getMetadata().getName();
      double limit = hall.getSpec().getFeedKilowatts() - reserve;
      double used = hallKw.getOrDefault(name, 0.0);
      assertTrue(used <= limit + 1e-6, name + " commits " + used + " kW over its " + limit + " kW");
      for (Rack rack : hall.getSpec().getRacks()) {
        double r = rackKw.getOrDefault(name + "/" + rack.getName(), 0.0);
        assertTrue(r <= rack.getLimitKilowatts() + 1e-6, name + "/" + rack.getName() + " commits " + r + " kW");
      }
    }
    nodeGpus.forEach((node, gpus) -> assertTrue(gpus <= Integer.parseInt(
        nodes.get(node).getStatus().getAllocatable().get(WattshiftApi.GPU_RESOURCE).getAmount()), node + " has " + gpus + " GPUs bound"));
  }
}
