package io.wattshift.scheduler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.wattshift.api.GpuJob;
import io.wattshift.engine.Decision;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The placement port on the real engine. Hall "a": 10 kW feed (9.5 kW after the default 5% reserve), four nodes of
 * 8 GPUs at 500 W with 100 W host overhead: a 2 x 4-GPU gang commits 4.1 kW, so two fit and a third does not.
 */
class EnginePlacementTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);
  private final List<Decision> mining = new ArrayList<>();
  private final List<Node> nodes = List.of(Fixtures.node("n1", "a", "r1", 8), Fixtures.node("n2", "a", "r1", 8),
      Fixtures.node("n3", "a", "r1", 8), Fixtures.node("n4", "a", "r1", 8));

  private Placement.World world(List<Pod> pods) {
    return new Placement.World(List.of(Fixtures.site("s", 1000)), List.of(Fixtures.hall("a", "s", 10, 100)), nodes,
        List.of(), List.of(), Gangs.of(pods));
  }

  private static Map<String, String> bindAll(Placement placement, List<Action> actions) {
    Map<String, String> bound = new java.util.TreeMap<>();
    for (Action a : actions) {
      if (a instanceof Action.BindGang b) {
        bound.putAll(b.nodes());
        placement.bindResult(b.gang(), true);
      }
    }
    return bound;
  }

  @Test
  void thePolicysTelemetryStalenessIsTheOneTheTelemetryStoreUses() {
    io.wattshift.scheduler.telemetry.TelemetryStore store = new io.wattshift.scheduler.telemetry.TelemetryStore(clock,
        java.time.Duration.ofSeconds(1));
    EnginePlacement placement = new EnginePlacement(clock,
        new EnginePlacement.Adapters(mining::add, cap -> { }, List::of, store::setStaleAfter));
    assertEquals(io.wattshift.engine.model.Policy.defaults().telemetryStaleAfter(), store.staleAfter());
    io.wattshift.api.PowerPolicy policy = new io.wattshift.api.PowerPolicy();
    policy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("p").build());
    policy.setSpec(new io.wattshift.api.PowerPolicySpec());
    policy.getSpec().setThermal(new io.wattshift.api.Thermal());
    policy.getSpec().getThermal().setStaleTelemetrySeconds(12);
    placement.observe(new Placement.World(List.of(Fixtures.site("s", 1000)), List.of(Fixtures.hall("a", "s", 10, 100)),
        nodes, List.of(policy), List.of(), List.of()));
    assertEquals(java.time.Duration.ofSeconds(12), store.staleAfter());
  }

  @Test
  void aboveThePolicysPausePricePreemptibleWorkIsSuspended() {
    EnginePlacement placement = new EnginePlacement(clock, mining::add);
    GpuJob job = Fixtures.training("ns", "cheap", 1, 1);
    job.getSpec().setPreemptible(true);
    io.wattshift.api.Site site = Fixtures.site("s", 1000);
    io.wattshift.api.EnergyPrice price = new io.wattshift.api.EnergyPrice();
    price.setFlatUsdPerMegawattHour(300.0);
    site.getSpec().setEnergyPrice(price);
    io.wattshift.api.PowerPolicy policy = new io.wattshift.api.PowerPolicy();
    policy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("p").build());
    policy.setSpec(new io.wattshift.api.PowerPolicySpec());
    placement.observe(new Placement.World(List.of(site), List.of(Fixtures.hall("a", "s", 10, 100)), nodes, List.of(policy),
        List.of(), Gangs.of(Fixtures.pods(job, "n1"))));
    assertTrue(placement.step(clock.instant()).stream().noneMatch(a -> a instanceof Action.Suspend),
        "no pause price, and 300 $/MWh is far under what a GPU-hour earns: the preemptible job runs");
    policy.getSpec().setPausePreemptibleAboveUsdPerMegawattHour(250.0);
    placement.observe(new Placement.World(List.of(site), List.of(Fixtures.hall("a", "s", 10, 100)), nodes, List.of(policy),
        List.of(), Gangs.of(Fixtures.pods(job, "n1"))));
    Action.Suspend paused = (Action.Suspend) placement.step(clock.instant()).stream()
        .filter(a -> a instanceof Action.Suspend).findFirst().orElseThrow();
    assertEquals("ns/cheap", paused.gang());
    assertEquals(30, paused.graceSeconds(), "the policy's checkpoint grace");
  }

  @Test
  void anObjectThatCannotBeTranslatedIsReportedAndTheOthersAreScheduled() {
    EnginePlacement placement = new EnginePlacement(clock, mining::add);
    io.wattshift.api.Hall broken = Fixtures.hall("b", "s", 10, 100);
    broken.getSpec().setCooling(null); // an object the schema would refuse, e.g. stored before a schema change
    GpuJob job = Fixtures.training("ns", "a", 1, 1);
    placement.observe(new Placement.World(List.of(Fixtures.site("s", 1000)),
        List.of(Fixtures.hall("a", "s", 10, 100), broken), nodes, List.of(), List.of(), Gangs.of(Fixtures.pods(job))));
    assertTrue(placement.problems().containsKey("Hall/b"), placement.problems().toString());
    assertEquals(List.of("ns/a-0"), List.copyOf(bindAll(placement, placement.step(clock.instant())).keySet()));
  }

  @Test
  void aGangThatFitsBindsWholeWithinTheHallBudget() {
    EnginePlacement placement = new EnginePlacement(clock, mining::add);
    GpuJob job = Fixtures.training("ns", "a", 2, 4);
    placement.observe(world(Fixtures.pods(job)));
    Map<String, String> bound = bindAll(placement, placement.step(clock.instant()));
    assertEquals(List.of("ns/a-0", "ns/a-1"), List.copyOf(bound.keySet()));
    HallHeadroom hall = placement.headroom().get(0);
    assertEquals(4.1, hall.aiKw(), 0.01);
    assertTrue(hall.aiKw() <= hall.limitKw());
    assertEquals(4100 / 2.0, placement.committedWatts("ns/a-0"), 0.01);
    assertEquals("a", placement.hallOf("n1"));
  }

  @Test
  void aGangThatDoesNotFitGetsTheEnginesReadableReason() {
    EnginePlacement placement = new EnginePlacement(clock, mining::add);
    List<Pod> pods = new ArrayList<>();
    for (String name : List.of("j1", "j2", "j3")) {
      pods.addAll(Fixtures.pods(Fixtures.training("ns", name, 2, 4)));
    }
    placement.observe(world(pods));
    List<Action> actions = placement.step(clock.instant());
    assertEquals(2, actions.stream().filter(a -> a instanceof Action.BindGang).count());
    Action.Unschedulable why = (Action.Unschedulable) actions.stream().filter(a -> a instanceof Action.Unschedulable)
        .findFirst().orElseThrow();
    assertEquals("ns/j3", why.gang());
    assertEquals(PendingReason.InsufficientPower, why.reason());
    assertTrue(why.message().contains("a:") && why.message().contains("kW"), why.message());
  }

  @Test
  void aNewLeaderAdoptsBoundPodsSoItNeverOvercommitsAfterAFailover() {
    EnginePlacement first = new EnginePlacement(clock, mining::add);
    List<Pod> pods = new ArrayList<>();
    pods.addAll(Fixtures.pods(Fixtures.training("ns", "j1", 2, 4)));
    pods.addAll(Fixtures.pods(Fixtures.training("ns", "j2", 2, 4)));
    first.observe(world(pods));
    Map<String, String> bound = bindAll(first, first.step(clock.instant()));
    assertEquals(4, bound.size());

    // The API server is all the new leader has: the same pods, now bound, and a third job.
    List<Pod> after = new ArrayList<>();
    for (Pod p : pods) {
      p.getSpec().setNodeName(bound.get(Gangs.key(p)));
      after.add(p);
    }
    after.addAll(Fixtures.pods(Fixtures.training("ns", "j3", 2, 4)));
    EnginePlacement second = new EnginePlacement(clock, mining::add);
    second.observe(world(after));
    assertEquals(first.headroom().get(0).aiKw(), second.headroom().get(0).aiKw(), 0.01);
    List<Action> actions = second.step(clock.instant());
    assertEquals(0, actions.stream().filter(a -> a instanceof Action.BindGang).count(), actions.toString());
    assertInstanceOf(Action.Unschedulable.class, actions.get(0));
    assertTrue(second.committedWatts("ns/j1-0") > 0);
  }

  @Test
  void aRunningGangWhoseAnnotationsCannotBeReadKeepsItsPowerOnTheBooks() {
    EnginePlacement placement = new EnginePlacement(clock, mining::add);
    List<Pod> pods = Fixtures.pods(Fixtures.training("ns", "j1", 2, 4));
    placement.observe(world(pods));
    Map<String, String> bound = bindAll(placement, placement.step(clock.instant()));
    pods.forEach(p -> p.getSpec().setNodeName(bound.get(Gangs.key(p))));
    placement.observe(world(pods));
    double aiKw = placement.headroom().get(0).aiKw();
    assertTrue(aiKw > 0);

    // someone annotates the running pods with a cap the engine refuses: the gang keeps its last good spec
    pods.forEach(p -> p.getMetadata().getAnnotations().put(io.wattshift.api.WattshiftApi.POWER_CAP_WATTS, "-5"));
    placement.observe(world(pods));
    assertTrue(placement.problems().containsKey("Gang/ns/j1"), placement.problems().toString());
    assertTrue(placement.tracks("ns/j1"));
    assertEquals(aiKw, placement.headroom().get(0).aiKw(), 0.01, "the running pods' power stays booked");
    assertTrue(placement.committedWatts("ns/j1-0") > 0);
  }

  private static List<Pod> podsIn(String name, String queue, String created) {
    GpuJob job = Fixtures.training("ns", name, 2, 4);
    job.getSpec().setQueue(queue);
    List<Pod> pods = Fixtures.pods(job);
    pods.forEach(p -> p.getMetadata().setCreationTimestamp(created));
    return pods;
  }

  @ParameterizedTest(name = "running in {0}, waiting in {1} (older) and {2}: {3} binds")
  @CsvSource({"train, train, serve, ns/young", ",,, ns/old"})
  void ofTwoGangsOnlyOneFitsAndTheQueueWithTheLowerShareGetsIt(String running, String older, String younger,
      String binds) {
    EnginePlacement placement = new EnginePlacement(clock, mining::add);
    List<Pod> held = podsIn("held", running, "2026-01-01T00:00:00Z");
    placement.observe(world(held));
    Map<String, String> bound = bindAll(placement, placement.step(clock.instant()));
    held.forEach(p -> p.getSpec().setNodeName(bound.get(Gangs.key(p))));
    List<Pod> pods = new ArrayList<>(held);
    pods.addAll(podsIn("old", older, "2026-01-01T00:01:00Z"));
    pods.addAll(podsIn("young", younger, "2026-01-01T00:02:00Z"));
    placement.observe(world(pods));
    List<Action> actions = placement.step(clock.instant());
    assertEquals(List.of(binds), actions.stream().filter(a -> a instanceof Action.BindGang)
        .map(a -> ((Action.BindGang) a).gang()).toList(), actions.toString());
    assertTrue(placement.committedWatts("ns/held-0") > 0, "the running gang is kept across observations");
  }

  @Test
  void theEngineWaitsForTheSlowestFleetsConfirmationBeforeItCurtailsAgain() {
    EnginePlacement placement = new EnginePlacement(clock, mining::add);
    placement.observe(world(List.of()));
    assertEquals(java.time.Duration.ofSeconds(30), placement.engine().policy().curtailTimeout());
    List<io.wattshift.api.Hall> halls = TranslationTest.hallsWithFleets("45 120");
    placement.observe(new Placement.World(List.of(Fixtures.site("s", 1000)), halls, nodes, List.of(), List.of(),
        List.of()));
    // 120 s confirm + 0.1 s poll + 8.1 s for a silent miner's last reading + 5 s
    assertEquals(java.time.Duration.ofMillis(133_200), placement.engine().policy().curtailTimeout());
    halls.get(1).getSpec().getMiners().setCurtailConfirmSeconds(20);
    placement.observe(new Placement.World(List.of(Fixtures.site("s", 1000)), halls, nodes, List.of(), List.of(),
        List.of()));
    assertEquals(java.time.Duration.ofMillis(58_200), placement.engine().policy().curtailTimeout(),
        "a shorter confirm time shortens the wait again");
  }

  @Test
  void aFailedBindFreesThePowerForTheNextTry() {
    EnginePlacement placement = new EnginePlacement(clock, mining::add);
    placement.observe(world(Fixtures.pods(Fixtures.training("ns", "a", 2, 4))));
    Action.BindGang bind = (Action.BindGang) placement.step(clock.instant()).get(0);
    placement.bindResult(bind.gang(), false);
    assertEquals(0.0, placement.headroom().get(0).aiKw(), 0.001);
  }

  @Test
  void aGangWhosePodsAreGoneIsWithdrawn() {
    EnginePlacement placement = new EnginePlacement(clock, mining::add);
    placement.observe(world(Fixtures.pods(Fixtures.training("ns", "a", 2, 4))));
    bindAll(placement, placement.step(clock.instant()));
    placement.observe(world(List.of()));
    assertEquals(0.0, placement.headroom().get(0).aiKw(), 0.001);
    assertTrue(!placement.tracks("ns/a"));
  }
}
