package io.wattshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.Policy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OrderingTest {

    private static List<String> boundJobs(List<Decision> d) {
        return Fixture.only(d, Decision.Bind.class).stream().map(Decision.Bind::job).distinct().toList();
    }

    /** One node of 8 GPUs; jobs of 2 GPUs: exactly four fit. */
    private static Fixture oneNode(Policy p) {
        return new Fixture(p, 10_000).hall("a", 1000, 1000, 1.1, 1, 100, 0).nodes("a", 1, 1);
    }

    @Test
    @DisplayName("higher priority goes first, then the older job")
    void priorityThenAge() {
        Fixture f = oneNode(Policy.defaults());
        f.engine.submit(JobSpec.training("ns/old-low", "x", 1, 4, Fixture.T0));
        f.engine.submit(JobSpec.training("ns/new-high", "x", 1, 4, Fixture.T0.plusSeconds(5)).withPriority(5, false));
        f.engine.submit(JobSpec.training("ns/mid-high", "x", 1, 4, Fixture.T0.plusSeconds(2)).withPriority(5, false));
        assertEquals(List.of("ns/mid-high", "ns/new-high"), boundJobs(f.step()));
    }

    @Test
    @DisplayName("between tenants of equal priority the one with the lower dominant share goes first")
    void fairShareBetweenTenants() {
        Fixture f = oneNode(Policy.defaults());
        for (int i = 0; i < 4; i++) {
            f.engine.submit(JobSpec.training("a/j" + i, "a", 1, 2, Fixture.T0.plusSeconds(i)));
        }
        for (int i = 0; i < 4; i++) {
            f.engine.submit(JobSpec.training("b/j" + i, "b", 1, 2, Fixture.T0.plusSeconds(10 + i)));
        }
        assertEquals(List.of("a/j0", "b/j0", "a/j1", "b/j1"), boundJobs(f.step()));
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> queues() {
        return java.util.stream.Stream.of(
            // queue of the running job, of the older waiting job, of the younger one; the job that binds first
            // two queues of one tenant: "serve" holds nothing, so its younger job goes before train's older one
            org.junit.jupiter.params.provider.Arguments.of("train", "train", "serve", "t/young"),
            // no queue anywhere: the tenant is the one queue, age decides as before
            org.junit.jupiter.params.provider.Arguments.of(null, null, null, "t/old"),
            // a blank queue is the tenant's queue, and naming the tenant is the same queue
            org.junit.jupiter.params.provider.Arguments.of("", "t", "serve", "t/young"),
            // the younger job in the queue that holds the GPUs waits behind the older one of a fresh queue
            org.junit.jupiter.params.provider.Arguments.of("train", "serve", "train", "t/old"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "running in {0}, waiting in {1} (older) and {2}: {3} first")
    @org.junit.jupiter.params.provider.MethodSource("queues")
    @DisplayName("fair share is between queues: of equal priority, the queue with the lower dominant share goes first")
    void fairShareBetweenQueuesOfOneTenant(String running, String older, String younger, String first) {
        Fixture f = oneNode(Policy.defaults());
        f.engine.submit(JobSpec.training("t/running", "t", 1, 2, Fixture.T0).withQueue(running));
        assertEquals(List.of("t/running"), boundJobs(f.stepAndConfirm()));
        f.engine.submit(JobSpec.training("t/old", "t", 1, 2, Fixture.T0.plusSeconds(1)).withQueue(older));
        f.engine.submit(JobSpec.training("t/young", "t", 1, 2, Fixture.T0.plusSeconds(2)).withQueue(younger));
        List<String> bound = boundJobs(f.step());
        assertEquals(2, bound.size());
        assertEquals(first, bound.get(0));
    }

    @Test
    @DisplayName("a tenant's power quota counts the kW of all its queues")
    void theQuotaSumsOverTheTenantsQueues() {
        Fixture f = oneNode(Policy.defaults().withTenantQuotaKw(Map.of("t", 4.0)));
        // 1.76 kW at the feed each: two fit in 4 kW, the third would make 5.28
        f.engine.submit(JobSpec.training("t/train", "t", 1, 2, Fixture.T0).withQueue("train"));
        f.engine.submit(JobSpec.training("t/serve", "t", 1, 2, Fixture.T0.plusSeconds(1)).withQueue("serve"));
        f.engine.submit(JobSpec.training("t/batch", "t", 1, 2, Fixture.T0.plusSeconds(2)).withQueue("batch"));
        f.engine.submit(JobSpec.training("u/other", "u", 1, 2, Fixture.T0.plusSeconds(3)));
        List<Decision> d = f.step();
        assertEquals(List.of("t/train", "t/serve", "u/other"), boundJobs(d));
        Decision.Unschedulable u = Fixture.only(d, Decision.Unschedulable.class).get(0);
        assertEquals("t/batch", u.job());
        assertEquals("quota", u.reasons().get(0).short_().get(0).resource());
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> dominantShares() {
        return java.util.stream.Stream.of(
            // site kW; the job that goes first (the younger of the two, so age cannot be why)
            // 100 kW: kW shares are tiny, GPUs dominate: a 2/16 = 0.125 < b 4/16 = 0.25
            org.junit.jupiter.params.provider.Arguments.of(100.0, "a/next", "b/next"),
            // 5 kW: a's 1.76 kW is 0.352 of the site and dominates its 0.125 of the GPUs; b's 0.25 GPU share
            // (kW 1.32 / 5 = 0.264) is now the lower dominant share: the order flips
            org.junit.jupiter.params.provider.Arguments.of(5.0, "b/next", "a/next"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "site {0} kW: {1} goes before {2}")
    @org.junit.jupiter.params.provider.MethodSource("dominantShares")
    @DisplayName("fair share takes the larger of the GPU and the kW share: few hot GPUs can weigh more than many "
        + "capped ones")
    void theKilowattShareDecidesWhereItDominates(double siteKw, String first, String second) {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), siteKw)
            .hall("h", 1000, 1000, 1.1, 1, 100, 0).nodes("h", 1, 2); // 16 GPUs
        // a: 2 GPUs at 700 W + 200 W host = 1.6 kW IT, 1.76 kW at the feed
        f.engine.submit(JobSpec.training("a/hot", "a", 1, 2, Fixture.T0));
        // b: 4 GPUs capped at 200 W + 400 W host = 1.2 kW IT, 1.32 kW at the feed
        f.engine.submit(JobSpec.training("b/cool", "b", 1, 4, Fixture.T0).withGpuCapW(200));
        assertEquals(2, boundJobs(f.stepAndConfirm()).size());
        assertEquals(1.76 + 1.32, f.hall("h").aiKw(), 1e-9, "the caps are what is committed");
        f.engine.submit(JobSpec.training(second, second.substring(0, 1), 1, 1, Fixture.T0.plusSeconds(1))
            .withGpuCapW(200));
        f.engine.submit(JobSpec.training(first, first.substring(0, 1), 1, 1, Fixture.T0.plusSeconds(2))
            .withGpuCapW(200));
        assertEquals(List.of(first, second), boundJobs(f.step()));
    }

    @Test
    @DisplayName("a tenant over its power quota waits, with the quota as its reason")
    void aTenantOverQuotaWaits() {
        Fixture f = oneNode(Policy.defaults().withTenantQuotaKw(Map.of("a", 2.0)));
        f.engine.submit(JobSpec.training("a/j0", "a", 1, 2, Fixture.T0)); // 1.6 kW IT x 1.1 = 1.76 kW
        f.engine.submit(JobSpec.training("a/j1", "a", 1, 2, Fixture.T0.plusSeconds(1)));
        f.engine.submit(JobSpec.training("b/j0", "b", 1, 2, Fixture.T0.plusSeconds(2)));
        List<Decision> d = f.step();
        assertEquals(List.of("a/j0", "b/j0"), boundJobs(d));
        Decision.Unschedulable u = Fixture.only(d, Decision.Unschedulable.class).get(0);
        assertEquals("a/j1", u.job());
        assertEquals("quota", u.reasons().get(0).short_().get(0).resource());
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> reasons() {
        return java.util.stream.Stream.of(
            // hall feed kW, rack kW, the reason the second one-node job gets
            org.junit.jupiter.params.provider.Arguments.of(10.0, 100.0,
                "hall-b: needs 7.0 kW, 3.0 kW free of 10 kW"),
            org.junit.jupiter.params.provider.Arguments.of(2000.0, 10.0,
                "hall-b: needs 7.0 kW, 1993.0 kW free of 2000 kW (rack hall-b-r0 at limit)"),
            org.junit.jupiter.params.provider.Arguments.of(2000.0, 100.0,
                "hall-b: needs 16 GPUs, 8 free of 16"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "feed {0} kW, rack {1} kW: \"{2}\"")
    @org.junit.jupiter.params.provider.MethodSource("reasons")
    void theUnschedulableReasonNamesTheHallTheKilowattsAndTheRackAtItsLimit(double feedKw, double rackKw,
                                                                           String expected) {
        Fixture f = new Fixture(Policy.defaults().withReserveFraction(0), 10_000)
            .hall("hall-b", feedKw, 5000, 1.1, 1, rackKw, 0).nodes("hall-b", 1, 2);
        f.engine.submit(Fixture.training("ns/first", 1, 8)); // 6.4 kW IT, 7.04 kW at the feed
        f.stepAndConfirm();
        f.engine.submit(Fixture.training("ns/second", rackKw == 100.0 && feedKw > 100 ? 2 : 1, 8));
        Decision.Unschedulable u = Fixture.only(f.step(), Decision.Unschedulable.class).get(0);
        assertEquals(expected, u.message());
    }
}
