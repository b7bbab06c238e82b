package io.wattshift.scheduler.loop;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.wattshift.api.Cooling;
import io.wattshift.api.GpuJob;
import io.wattshift.api.GpuJobSpec;
import io.wattshift.api.GpuJobType;
import io.wattshift.api.Hall;
import io.wattshift.api.HallSpec;
import io.wattshift.api.Miner;
import io.wattshift.api.Rack;
import io.wattshift.api.Site;
import io.wattshift.api.SiteSpec;
import io.wattshift.api.WattshiftApi;
import io.wattshift.scheduler.jobs.GpuJobPods;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.List;
import java.util.Map;

/** Test objects: sites, halls, GPU nodes, jobs and their pods. */
public final class Fixtures {
  private Fixtures() {
  }

  /** A Hall's miner as an operator lists it (cgminer port left to its default). */
  public static Miner miner(String name, String host, double nominalWatts, double joulesPerTerahash) {
    Miner m = new Miner();
    m.setName(name);
    m.setHost(host);
    m.setNominalWatts(nominalWatts);
    m.setEfficiencyJoulesPerTerahash(joulesPerTerahash);
    return m;
  }

  public static Site site(String name, double kw) {
    Site s = new Site();
    s.setMetadata(new ObjectMetaBuilder().withName(name).withGeneration(1L).build());
    SiteSpec spec = new SiteSpec();
    spec.setInterconnectKilowatts(kw);
    s.setSpec(spec);
    return s;
  }

  /** A hall with one rack "r1" of {@code rackKw}, no cooling overhead, 100 W host overhead, 500 W GPUs. */
  public static Hall hall(String name, String site, double feedKw, double rackKw) {
    Hall h = new Hall();
    h.setMetadata(new ObjectMetaBuilder().withName(name).withGeneration(1L)
        .withCreationTimestamp("2026-01-01T00:00:00Z").build());
    HallSpec spec = new HallSpec();
    spec.setSite(site);
    spec.setFeedKilowatts(feedKw);
    Cooling c = new Cooling();
    c.setCapacityKilowatts(feedKw * 2);
    spec.setCooling(c);
    spec.setNodeSelector(Map.of("wattshift.io/hall", name));
    Rack r = new Rack();
    r.setName("r1");
    r.setLimitKilowatts(rackKw);
    spec.setRacks(List.of(r));
    spec.setHostOverheadWatts(100);
    spec.setGpuNameplateWatts(500);
    h.setSpec(spec);
    return h;
  }

  public static Node node(String name, String hall, String rack, int gpus) {
    return new NodeBuilder().withNewMetadata().withName(name)
        .withLabels(Map.of("wattshift.io/hall", hall, WattshiftApi.RACK_LABEL, rack)).endMetadata()
        .withNewStatus().withAllocatable(Map.of(WattshiftApi.GPU_RESOURCE, new Quantity(Integer.toString(gpus))))
        .endStatus().build();
  }

  public static GpuJob training(String ns, String name, int workers, int gpus) {
    GpuJob job = new GpuJob();
    job.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).withUid("uid-" + name)
        .withGeneration(1L).build());
    GpuJobSpec spec = new GpuJobSpec();
    spec.setType(GpuJobType.Training);
    spec.setWorkers(workers);
    spec.setGpusPerWorker(gpus);
    spec.setTemplate(new PodTemplateSpecBuilder().withNewSpec().addNewContainer().withName("c").withImage("i")
        .endContainer().endSpec().build());
    job.setSpec(spec);
    return job;
  }

  /** The job's pods as the controller creates them, optionally bound. */
  public static List<Pod> pods(GpuJob job, String... nodes) {
    int n = GpuJobPods.count(job.getSpec());
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> {
      Pod p = GpuJobPods.desired(job, i);
      p.getMetadata().setCreationTimestamp("2026-01-01T00:00:0" + i + "Z");
      if (i < nodes.length && nodes[i] != null) {
        p.getSpec().setNodeName(nodes[i]);
      }
      return p;
    }).toList();
  }

  public static Pod foreignPod(String ns, String name, String gang, int gangSize, int gpus) {
    return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withCreationTimestamp("2026-01-01T00:00:00Z")
        .withAnnotations(Map.of(WattshiftApi.GANG_NAME, gang, WattshiftApi.GANG_SIZE, Integer.toString(gangSize)))
        .endMetadata().withNewSpec().withSchedulerName(WattshiftApi.SCHEDULER_NAME).addNewContainer().withName("c")
        .withNewResources().addToLimits(WattshiftApi.GPU_RESOURCE, new Quantity(Integer.toString(gpus))).endResources()
        .endContainer().endSpec().build();
  }
}
