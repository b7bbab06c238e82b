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
    Miner m = new Miner();
    m.setName("m1");
    m.setHost("10.0.0.1");
    m.setNominalWatts(3000.0);
    m.setEfficiencyJoulesPerTerahash(20.0);
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
}
