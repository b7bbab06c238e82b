package io.wattshift.scheduler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.wattshift.api.Capping;
import io.wattshift.api.DemandResponse;
import io.wattshift.api.EnergyPrice;
import io.wattshift.api.GpuJob;
import io.wattshift.api.Hall;
import io.wattshift.api.MinerFleet;
import io.wattshift.api.MiningPolicy;
import io.wattshift.api.PowerPolicy;
import io.wattshift.api.PowerPolicySpec;
import io.wattshift.api.Site;
import io.wattshift.engine.Decision;
import io.wattshift.engine.model.GpuReading;
import io.wattshift.engine.model.NodeTelemetry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Demand response on the real engine through the placement port (issue 5): curtail the site to X kW by shedding
 * mining first, then capping GPUs (when the policy caps), then preempting preemptible AI, only as far as needed,
 * and report what was done. Hall "a": 10 kW feed (9.5 after the 5% reserve), two bound 4-GPU jobs of 2.05 kW
 * ("low" preemptible on n1, "high" not on n2), two 3 kW miners (0.3 kW standby each) leased the rest (4.8 kW).
 */
class DemandResponseOrderTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);
  private final List<Decision> mining = new ArrayList<>();
  private final List<Decision.SetPowerCap> caps = new ArrayList<>();

  @Test
  void whenMiningAloneMeetsTheLimitOnlyMiningIsShed() {
    EnginePlacement placement = leasedSite(null);
    List<Action> actions = demandResponse(placement, 7.0);
    assertTrue(actions.stream().noneMatch(a -> a instanceof Action.Preempt), actions.toString());
    assertTrue(caps.isEmpty(), caps.toString());
    DemandResponseLog.Report r = placement.demandResponse("s").orElseThrow();
    assertEquals(2.5, r.shedMiningKw(), 0.01, "9.5 kW drawn by the books, 7 kW allowed: 2.5 kW of mining");
    assertEquals(0, r.cappedGpus());
    assertEquals(List.of(), r.preempted());
    assertEquals(7.0, r.limitKw(), 1e-9);
    assertEquals(clock.instant().plusSeconds(60), r.deadline(), "withinSeconds defaults to 60");
  }

  @Test
  void whenMiningIsNotEnoughPreemptibleAiGoesNextAndNothingMore() {
    EnginePlacement placement = leasedSite(null);
    List<Action> actions = demandResponse(placement, 4.0);
    DemandResponseLog.Report r = placement.demandResponse("s").orElseThrow();
    assertEquals(4.8, r.shedMiningKw(), 0.01, "all of mining first");
    assertEquals(List.of("ns/low"), r.preempted(), "then the preemptible job; 2.05 + 0.6 standby fits 4 kW");
    Action.Preempt p = (Action.Preempt) actions.stream().filter(a -> a instanceof Action.Preempt).findFirst().orElseThrow();
    assertEquals(null, p.forGang());
    assertTrue(p.message().startsWith("site s over its interconnect"), p.message());
    int curtail = indexOf(mining, Decision.CurtailMining.class);
    assertTrue(curtail >= 0, "mining was curtailed: " + mining);
  }

  @Test
  void whenThePolicyCapsGpusAreCappedBeforeAnyJobIsPreempted() {
    Capping capping = new Capping();
    capping.setMode(io.wattshift.api.CappingMode.Oversubscribe);
    capping.setCapWatts(200);
    EnginePlacement placement = leasedSite(capping);
    List<Action> actions = demandResponse(placement, 4.0);
    DemandResponseLog.Report r = placement.demandResponse("s").orElseThrow();
    assertTrue(r.shedMiningKw() > 4.0, "mining first: " + r);
    assertTrue(r.cappedGpus() > 0, "then caps: " + r);
    assertEquals(List.of(), r.preempted(), "caps were enough: nobody preempted");
    assertTrue(actions.stream().noneMatch(a -> a instanceof Action.Preempt));
    assertTrue(caps.stream().allMatch(c -> c.watts() >= 100 && c.watts() < 500), caps.toString());
  }

  /** The site with its two jobs bound and mining leased the rest; fresh telemetry so caps can apply. */
  private EnginePlacement leasedSite(Capping capping) {
    policy.getSpec().setCapping(capping);
    EnginePlacement placement = new EnginePlacement(clock, new EnginePlacement.Adapters(mining::add, caps::add,
        () -> List.of(telemetry("n1"), telemetry("n2"))));
    placement.observe(world(null));
    placement.step(clock.instant());
    placement.observe(world(null));
    placement.step(clock.instant());
    double leased = mining.stream().filter(d -> d instanceof Decision.MiningLease)
        .mapToDouble(d -> ((Decision.MiningLease) d).kw()).max().orElse(0);
    assertEquals(4.8, leased, 0.01, "mining leased the idle power: " + mining);
    mining.clear();
    caps.clear();
    return placement;
  }

  private List<Action> demandResponse(EnginePlacement placement, double limitKw) {
    placement.observe(world(limitKw));
    return placement.step(clock.instant());
  }

  private NodeTelemetry telemetry(String node) {
    return new NodeTelemetry(node, clock.instant(),
        IntStream.range(0, 8).mapToObj(i -> new GpuReading(i, 450, 500, 60)).toList());
  }

  private final PowerPolicy policy = policy();

  private static PowerPolicy policy() {
    PowerPolicy p = new PowerPolicy();
    p.setMetadata(new ObjectMetaBuilder().withName("p").withCreationTimestamp("2026-01-01T00:00:00Z").build());
    p.setSpec(new PowerPolicySpec());
    MiningPolicy m = new MiningPolicy();
    m.setHysteresisKilowatts(0.1); // a 10 kW hall: grant in small steps
    p.getSpec().setMining(m);
    return p;
  }

  private Placement.World world(Double limitKw) {
    Site site = Fixtures.site("s", 1000);
    site.getSpec().setHashpriceUsdPerTerahashDay(0.05); // 50 $/PH/day at 20 J/TH: ~104 $/MWh of revenue
    EnergyPrice price = new EnergyPrice();
    price.setFlatUsdPerMegawattHour(30.0);
    site.getSpec().setEnergyPrice(price);
    if (limitKw != null) {
      DemandResponse dr = new DemandResponse();
      dr.setLimitKilowatts(limitKw);
      site.getSpec().setDemandResponse(dr);
    }
    Hall hall = Fixtures.hall("a", "s", 10, 100);
    MinerFleet fleet = new MinerFleet();
    fleet.setMiners(List.of(Fixtures.miner("m1", "10.0.0.1", 3000, 20), Fixtures.miner("m2", "10.0.0.1", 3000, 20)));
    hall.getSpec().setMiners(fleet);
    // the mining side commands this fleet (no lease is offered to a fleet it has not built)
    hall.setStatus(new io.wattshift.api.HallStatus());
    hall.getStatus().setConditions(io.wattshift.scheduler.mining.HallMiningConditions.with(List.of(), hall,
        io.wattshift.scheduler.mining.HallMiningConditions.MINERS_UNAVAILABLE, false, "FleetReady", "test", clock.instant()));
    GpuJob low = Fixtures.training("ns", "low", 1, 4);
    low.getSpec().setPreemptible(true);
    GpuJob high = Fixtures.training("ns", "high", 1, 4);
    List<Pod> pods = new ArrayList<>(Fixtures.pods(low, "n1"));
    pods.addAll(Fixtures.pods(high, "n2"));
    return new Placement.World(List.of(site), List.of(hall),
        List.of(Fixtures.node("n1", "a", "r1", 8), Fixtures.node("n2", "a", "r1", 8)), List.of(policy), List.of(),
        Gangs.of(pods));
  }

  private static int indexOf(List<Decision> ds, Class<?> type) {
    for (int i = 0; i < ds.size(); i++) {
      if (type.isInstance(ds.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
