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

/** The engine is offered no fleet in a hall whose miners the mining side cannot command. */
class TranslationFleetTest {

  @Test
  void aHallWhoseMinersAreUnavailableHasNoFleetForTheEngine() {
    Hall hall = Fixtures.hall("a", "s", 100, 30);
    Miner m = new Miner();
    m.setName("m1");
    m.setHost("10.0.0.1");
    m.setNominalWatts(3000.0);
    m.setEfficiencyJoulesPerTerahash(20.0);
    MinerFleet fleet = new MinerFleet();
    fleet.setMiners(List.of(m));
    hall.getSpec().setMiners(fleet);
    assertEquals(1, Translation.fleet(hall).count());

    hall.setStatus(new HallStatus());
    hall.getStatus().setConditions(HallMiningConditions.with(List.of(), hall, HallMiningConditions.MINERS_UNAVAILABLE,
        true, "SecretNotFound", "Secret wattshift-system/miners not found", Instant.EPOCH));
    assertEquals(MinerFleetSpec.NONE, Translation.fleet(hall));
    // the loop's own status keeps the condition (it writes the whole status)
    HallStatus written = StatusViews.hall(hall, null, Set.of("s"), Instant.EPOCH);
    hall.setStatus(written);
    assertEquals(MinerFleetSpec.NONE, Translation.fleet(hall), "the loop's status write kept MinersUnavailable");

    hall.getStatus().setConditions(HallMiningConditions.with(hall.getStatus().getConditions(), hall,
        HallMiningConditions.MINERS_UNAVAILABLE, false, "FleetReady", "ok", Instant.EPOCH));
    assertEquals(1, Translation.fleet(hall).count());
  }
}
