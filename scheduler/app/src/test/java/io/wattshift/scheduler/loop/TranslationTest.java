package io.wattshift.scheduler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.wattshift.api.Capping;
import io.wattshift.api.CappingMode;
import io.wattshift.api.DemandResponse;
import io.wattshift.api.EnergyPrice;
import io.wattshift.api.Hall;
import io.wattshift.api.MinerFleet;
import io.wattshift.api.PowerPolicy;
import io.wattshift.api.PowerPolicySpec;
import io.wattshift.api.PricePeriod;
import io.wattshift.api.Site;
import io.wattshift.engine.model.HallSpec;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.Policy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranslationTest {
  private static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");

  @Test
  void aHallsFeedLosesThePolicyReserveAndUnlistedRacksShareTheHall() {
    Hall hall = Fixtures.hall("a", "s", 100, 30);
    hall.getSpec().getCooling().setOverheadPercent(15.0);
    hall.getSpec().getCooling().setDeratingPercentPerDegree(2.0);
    HallSpec spec = Translation.hall(hall, "s", 5);
    assertEquals(95, spec.feedKw(), 1e-9);
    assertEquals(1.15, spec.coolingOverhead(), 1e-9);
    assertEquals(0.02, spec.cooling().derateFractionPerC(), 1e-9);
    assertEquals(List.of("a/r1", "a/unlisted"), spec.racks().stream().map(r -> r.name()).toList());
    assertEquals(95, spec.racks().get(1).limitKw(), 1e-9);
  }

  @Test
  void aNodeJoinsTheHallItsLabelsSelectAndItsListedRack() {
    Hall a = Fixtures.hall("a", "s", 100, 30);
    Hall b = Fixtures.hall("b", "s", 100, 30);
    Node node = Fixtures.node("n1", "b", "r1", 4);
    assertEquals("b", Translation.hallOf(node, List.of(a, b)).orElseThrow().getMetadata().getName());
    NodeSpec spec = Translation.node(node, b).orElseThrow();
    assertEquals("b/r1", spec.rack());
    assertEquals(4, spec.gpus().size());
    assertEquals(500, spec.gpus().get(0).maxLimitW(), 1e-9);
    assertEquals(100, spec.hostOverheadW(), 1e-9);
    assertEquals("b/unlisted", Translation.node(Fixtures.node("n2", "b", "r9", 4), b).orElseThrow().rack());
    assertTrue(Translation.node(Fixtures.node("cpu", "b", "r1", 0), b).isEmpty(), "a node without GPUs is not offered");
  }

  @Test
  void anActiveDemandResponseEventLowersTheSiteLimit() {
    Site site = Fixtures.site("s", 5000);
    site.getSpec().setReserveKilowatts(100.0);
    assertEquals(4900, Translation.site(site, NOON).gridLimitKw(), 1e-9);
    DemandResponse dr = new DemandResponse();
    dr.setLimitKilowatts(2000.0);
    dr.setStartTime("2026-01-01T11:00:00Z");
    dr.setEndTime("2026-01-01T13:00:00Z");
    site.getSpec().setDemandResponse(dr);
    assertEquals(2000, Translation.site(site, NOON).gridLimitKw(), 1e-9, "the reserve does not come off the grid's limit");
    assertEquals(4900, Translation.site(site, NOON.plusSeconds(7200)).gridLimitKw(), 1e-9);
    assertTrue(Translation.invalidDemandResponse(site).isEmpty());
  }

  @Test
  void aSmallDemandResponseLimitIsNotEatenByTheReserve() {
    Site site = Fixtures.site("big-spring", 5000);
    site.getSpec().setReserveKilowatts(50.0);
    DemandResponse dr = new DemandResponse();
    dr.setLimitKilowatts(12.0);
    site.getSpec().setDemandResponse(dr);
    assertEquals(12, Translation.site(site, NOON).gridLimitKw(), 1e-9);
  }

  @Test
  void anUnreadableDemandResponseTimeIsReportedAndTheLimitApplies() {
    Site site = Fixtures.site("s", 5000);
    DemandResponse dr = new DemandResponse();
    dr.setLimitKilowatts(2000.0);
    dr.setStartTime("soon");
    dr.setEndTime("2026-01-01T11:30:00-01:00"); // 12:30Z
    site.getSpec().setDemandResponse(dr);
    assertEquals(2000, Translation.site(site, NOON).gridLimitKw(), 1e-9, "start unreadable: as if absent (now)");
    assertTrue(Translation.demandResponseActive(site, NOON), "an offset end time reads: 12:00Z is before it");
    assertEquals(5000, Translation.site(site, NOON.plusSeconds(3600)).gridLimitKw(), 1e-9);
    String why = Translation.invalidDemandResponse(site).orElseThrow();
    assertTrue(why.contains("startTime \"soon\"") && !why.contains("endTime"), why);
  }

  @Test
  void theTimeOfUsePeriodCoveringTheUtcHourSetsThePrice() {
    Site site = Fixtures.site("s", 5000);
    EnergyPrice price = new EnergyPrice();
    price.setFlatUsdPerMegawattHour(38.0);
    PricePeriod peak = new PricePeriod();
    peak.setStartHour(12);
    peak.setEndHour(14);
    peak.setUsdPerMegawattHour(95.0);
    price.setTimeOfUse(List.of(peak));
    site.getSpec().setEnergyPrice(price);
    site.getSpec().setHashpriceUsdPerTerahashDay(0.05);
    assertEquals(95, Translation.price(site, NOON), 1e-9);
    assertEquals(38, Translation.price(site, NOON.minusSeconds(3600)), 1e-9);
    assertEquals(50, Translation.market(site, NOON).hashpriceUsdPerPhDay(), 1e-9);
  }

  @Test
  void thePolicyInForceIsTheOldestAndItsSettingsReachTheEngine() {
    PowerPolicy older = policy("older", "2026-01-01T00:00:00Z");
    older.getSpec().setReserveKilowatts(10.0);
    Capping capping = new Capping();
    capping.setMode(CappingMode.Fixed);
    capping.setCapWatts(450);
    older.getSpec().setCapping(capping);
    PowerPolicy newer = policy("newer", "2026-02-01T00:00:00Z");
    PowerPolicy inForce = Translation.policyInForce(List.of(newer, older)).orElseThrow();
    assertEquals("older", inForce.getMetadata().getName());
    Policy p = Translation.policy(inForce);
    assertEquals(0, p.reserveFraction(), 1e-9, "an absolute reserve replaces the engine's fraction");
    assertEquals(io.wattshift.engine.model.CappingMode.FIXED, p.capping());
    assertEquals(450, p.fixedCapW(), 1e-9);
    assertEquals(Policy.defaults(), Translation.policy(null));
    assertEquals(Double.POSITIVE_INFINITY, p.pauseAiAboveUsdPerMwh(), "unset: never pause");
    older.getSpec().setPausePreemptibleAboveUsdPerMegawattHour(150.0);
    assertEquals(150, Translation.policy(older).pauseAiAboveUsdPerMwh(), 1e-9);
  }

  @Test
  void aFleetsEfficiencyIsWeightedByPower() {
    Hall hall = Fixtures.hall("a", "s", 100, 30);
    MinerFleet fleet = new MinerFleet();
    fleet.setMiners(List.of(Fixtures.miner("m1", "10.0.0.1", 3000, 30), Fixtures.miner("m2", "10.0.0.1", 1000, 15)));
    hall.getSpec().setMiners(fleet);
    TranslationFleetTest.live(hall);
    var spec = Translation.fleet(hall);
    assertEquals(2, spec.count());
    assertEquals(2000, spec.wattsEach(), 1e-9);
    // 4000 W over (100 + 66.7) TH/s = 24 J/TH
    assertEquals(24, spec.joulesPerTh(), 1e-9);
  }

  @Test
  void aFleetsStandbyIsBookedAtTheMostAMinerCountedAsleepMayDraw() {
    Hall hall = Fixtures.hall("a", "s", 100, 30);
    MinerFleet fleet = new MinerFleet();
    fleet.setMiners(List.of(Fixtures.miner("m1", "10.0.0.1", 3000, 30), Fixtures.miner("m2", "10.0.0.1", 1000, 15)));
    hall.getSpec().setMiners(fleet);
    TranslationFleetTest.live(hall);
    var spec = Translation.hall(hall, "s", 0).miners();
    // a miner reading above 10 % of its nameplate counts as awake, so asleep it draws at most 300 W and 100 W
    assertEquals(200, spec.standbyWatts(), 1e-9);
    assertEquals(0.4, spec.standbyKw(), 1e-9);
    assertEquals(0, Translation.hall(Fixtures.hall("b", "s", 100, 30), "s", 0).miners().standbyKw(), 0,
        "no miners, no standby");
  }

  /** Halls from "hall fleets": {@code none} a hall without miners, {@code -} a fleet without its own confirm time. */
  static List<Hall> hallsWithFleets(String fleets) {
    List<Hall> halls = new java.util.ArrayList<>();
    for (String f : fleets.split(" ")) {
      Hall hall = Fixtures.hall("h" + halls.size(), "s", 100, 30);
      if (!f.equals("none")) {
        MinerFleet fleet = new MinerFleet();
        fleet.setMiners(List.of(Fixtures.miner("m1", "10.0.0.1", 3000, 30)));
        fleet.setCurtailConfirmSeconds(f.equals("-") ? null : Integer.valueOf(f));
        hall.getSpec().setMiners(fleet);
      }
      halls.add(hall);
    }
    return halls;
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "fleets [{0}], policy {1} s: the engine re-issues after {2} s")
  @org.junit.jupiter.params.provider.CsvSource({
      // a fleet answers after its confirm time (or its logon + curtail, 2 x 8.1 s, if longer), a 0.1 s poll and a
      // last reading of a silent miner: 8.1 s with the default client (2 attempts of 1 s connect + 3 s reply, 0.1 s
      // backoff); then 5 s for the report to reach the engine
      "none,       , 30",     // no fleet: the engine's default
      "none,    300, 30",     // nothing confirms, however long the policy's fleets would wait
      "-,          , 30",     // the fleet's default 10 s: 16.2 + 0.1 + 8.1 + 5 s is below the engine's 30 s
      "26,         , 39.2",
      "-,        60, 73.2",   // the policy's confirm time, for fleets without their own
      "20 120,   60, 133.2",  // a Hall's own confirm time wins over the policy's; the slowest fleet decides
      "90 - none, 300, 313.2"})
  void theEngineReissuesACurtailmentOnlyAfterTheSlowestFleetHasStoppedWaiting(String fleets, Integer policyS,
      double expectS) {
    PowerPolicy inForce = policy("p", "2026-01-01T00:00:00Z");
    if (policyS != null) {
      io.wattshift.api.MiningPolicy mining = new io.wattshift.api.MiningPolicy();
      mining.setCurtailTimeoutSeconds(policyS);
      inForce.getSpec().setMining(mining);
    }
    Policy p = Translation.policy(inForce, hallsWithFleets(fleets));
    assertEquals(java.time.Duration.ofMillis(Math.round(expectS * 1000)), p.curtailTimeout());
    assertEquals(Translation.policy(inForce).withCurtailTimeout(p.curtailTimeout()), p, "nothing else changes");
    assertEquals(java.time.Duration.ofSeconds(30), Translation.policy(null, List.of()).curtailTimeout());
  }

  private static PowerPolicy policy(String name, String created) {
    PowerPolicy p = new PowerPolicy();
    p.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withCreationTimestamp(created)
        .build());
    p.setSpec(new PowerPolicySpec());
    return p;
  }

}
