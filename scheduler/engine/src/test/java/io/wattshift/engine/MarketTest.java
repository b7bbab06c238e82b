package io.wattshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.engine.model.HallSpec;
import io.wattshift.engine.model.CoolingSpec;
import io.wattshift.engine.model.Market;
import io.wattshift.engine.model.MinerFleetSpec;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.RackSpec;
import io.wattshift.engine.model.SiteSpec;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The market room as the engine uses it: suspensions by the value of work, several sites, untrusted signals. */
class MarketTest {
    // 8 x H100 nodes, 100 W host per GPU, overhead 1.1: (0.605 x 700 + 100) x 1.1 = 0.576 kW per GPU at full limit;
    // at the default $2.00 per GPU-hour work stops paying above 3,473 $/MWh and resumes under 90 % of that
    private static Fixture site() {
        return new Fixture(Policy.defaults(), 10_000).hall("a", 1000, 2000, 1.1, 1, 100, 0).nodes("a", 1, 2);
    }

    @Test
    @DisplayName("preemptible training is suspended when energy costs more than it earns, and resumes below the band")
    void suspendedByTheValueOfWork() {
        Fixture f = site();
        f.engine.submit(Fixture.training("ns/batch", 1, 8).withPriority(0, true));
        f.engine.submit(Fixture.training("ns/prod", 1, 8).withPriority(0, false));
        assertEquals(2, Fixture.only(f.stepAndConfirm(), Decision.Bind.class).size());
        f.engine.updateMarket(new Market(3000, 45)); // dear, but the work still earns more
        assertEquals(0, Fixture.only(f.step(), Decision.Suspend.class).size());
        f.engine.updateMarket(new Market(3600, 45));
        List<Decision> d = f.step();
        List<Decision.Suspend> s = Fixture.only(d, Decision.Suspend.class);
        assertEquals(1, s.size(), "only the preemptible one");
        assertEquals("ns/batch", s.get(0).job());
        assertEquals(30, s.get(0).grace().toSeconds());
        assertTrue(s.get(0).reason().contains("costs more than the work earns"), s.get(0).reason());
        f.engine.podFinished("ns/batch", 0);
        f.engine.updateMarket(new Market(3300, 45)); // under the suspend price, above the resume price
        List<Decision> held = f.step();
        assertEquals(0, Fixture.only(held, Decision.Bind.class).size());
        assertTrue(Fixture.only(held, Decision.Unschedulable.class).get(0).message().contains("suspended for price"));
        f.engine.updateMarket(new Market(3000, 45));
        assertEquals(1, Fixture.only(f.step(), Decision.Bind.class).size(), "resumed");
    }

    @Test
    @DisplayName("an untrusted market suspends nothing")
    void untrustedMarketTouchesNoAi() {
        Fixture f = site();
        f.engine.submit(Fixture.training("ns/batch", 1, 8).withPriority(0, true));
        f.stepAndConfirm();
        f.engine.updateMarket(new Market(9000, 45).distrusted("price feed unparseable"));
        assertEquals(0, Fixture.only(f.step(), Decision.Suspend.class).size());
    }

    @Test
    @DisplayName("each site's halls follow their own market")
    void severalSites() {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), 10_000)
            .hall("a", 1000, 2000, 1.1, 1, 100, 100);
        f.engine.upsertSite(new SiteSpec("north", 10_000));
        f.engine.upsertHall(new HallSpec("n1", "north", 1000, new CoolingSpec(2000, 25, 0.02), 1.1,
            List.of(new RackSpec("n1-r0", 100)), new MinerFleetSpec(100, 3500, 17.5, 0)));
        f.engine.updateMarket(new Market(40, 45));
        assertTrue(f.engine.updateMarket("north", new Market(900, 45)));
        assertFalse(f.engine.updateMarket("nowhere", new Market(40, 45)));
        List<Decision.MiningLease> leases = Fixture.only(f.step(), Decision.MiningLease.class);
        assertEquals(1, leases.size());
        assertEquals("a", leases.get(0).hall());
        assertTrue(f.hall("n1").mining().contains("below the 5.0 margin"), f.hall("n1").mining());
    }
}
