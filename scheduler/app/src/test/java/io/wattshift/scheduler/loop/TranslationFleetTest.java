package io.wattshift.scheduler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wattshift.api.Hall;
import io.wattshift.api.HallStatus;
import io.wattshift.api.Miner;
import io.wattshift.api.MinerFleet;
import io.wattshift.engine.model.MinerFleetSpec;
import io.wattshift.scheduler.mining.HallMiningConditions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The engine is offered a hall's fleet only while the mining side commands it. */
class TranslationFleetTest {

  /** Marks the hall's fleet live, as the mining side does once it has built it. */
  static void live(Hall hall) {
    if (hall.getStatus() == null) {
      hall.setStatus(new HallStatus());
    }
    hall.getStatus().setConditions(HallMiningConditions.with(hall.getStatus().getConditions(), hall,
        HallMiningConditions.MINERS_UNAVAILABLE, false, "FleetReady", "ok", Instant.EPOCH));
  }

  @Test
  void aHallsFleetIsOfferedOnlyWhileTheMiningSideCommandsIt() {
    Hall hall = Fixtures.hall("a", "s", 100, 30);
    Miner m = Fixtures.miner("m1", "10.0.0.1", 3000, 20);
    MinerFleet fleet = new MinerFleet();
    fleet.setMiners(List.of(m));
    hall.getSpec().setMiners(fleet);
    assertEquals(MinerFleetSpec.NONE, Translation.fleet(hall), "not built yet (or no mining side): no lease offered");

    live(hall);
    assertEquals(1, Translation.fleet(hall).count());
    // the loop's own status write keeps the mining side's condition
    hall.setStatus(StatusViews.hall(hall, null, Set.of("s"), Instant.EPOCH));
    assertEquals(1, Translation.fleet(hall).count(), "the loop's status write kept MinersUnavailable");

    hall.getStatus().setConditions(HallMiningConditions.with(hall.getStatus().getConditions(), hall,
        HallMiningConditions.MINERS_UNAVAILABLE, true, "SecretNotFound", "Secret default/miners not found", Instant.EPOCH));
    assertEquals(MinerFleetSpec.NONE, Translation.fleet(hall));
  }

  private static Miner miner(String name, double watts, Double standby) {
    Miner m = Fixtures.miner(name, "10.0.0.1", watts, 20);
    m.setStandbyWatts(standby);
    return m;
  }

  private static MinerFleetSpec fleetOf(Double fleetStandby, Miner... miners) {
    Hall hall = Fixtures.hall("a", "s", 100, 30);
    MinerFleet fleet = new MinerFleet();
    fleet.setStandbyWatts(fleetStandby);
    fleet.setMiners(List.of(miners));
    hall.getSpec().setMiners(fleet);
    live(hall);
    return Translation.fleet(hall);
  }

  @Test
  void theEngineBooksTheDeclaredStandbyPerMinerOverridesSummed() {
    MinerFleetSpec declared = fleetOf(30.0, miner("a", 3500, null), miner("b", 3500, null), miner("c", 3250, 60.0));
    assertEquals(3, declared.count());
    assertEquals(40, declared.standbyWatts(), 1e-9, "(30 + 30 + 60) / 3 per miner");
    assertEquals(0.120, declared.standbyKw(), 1e-12, "the engine books exactly 30 + 30 + 60 W");

    MinerFleetSpec ownOnly = fleetOf(null, miner("a", 3000, 25.0), miner("b", 3000, null));
    assertEquals(0.025 + 0.300, ownOnly.standbyKw(), 1e-12, "a miner without a figure keeps 10 % of nameplate");

    assertEquals(0, fleetOf(0.0, miner("a", 3000, null)).standbyKw(), 0, "a declared 0 W books nothing");
    assertEquals(0.600, fleetOf(null, miner("a", 3000, null), miner("b", 3000, null)).standbyKw(), 1e-12,
        "undeclared: 10 % of nameplate, as before");
  }
}
