package io.wattshift.scheduler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.wattshift.api.GpuJob;
import io.wattshift.api.Hall;
import io.wattshift.api.HallSpec;
import io.wattshift.api.HallStatus;
import io.wattshift.api.PowerPolicy;
import io.wattshift.api.PowerPolicySpec;
import io.wattshift.api.Site;
import io.wattshift.api.SiteSpec;
import io.wattshift.api.WattshiftApi;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the translation of cluster objects into the engine ({@link Gangs#of}, {@link Translation} through
 * {@link EnginePlacement#observe}): a fixed good world (a site, a hall, a GPU node, a one-pod training gang) plus
 * arbitrary Sites, Halls, PowerPolicies, Nodes and pods built from fuzzer data, schema-valid or not
 * ({@link ArbitraryObjects}; Nodes and pods with fabric8's builders, shaped as the API server admits them). The
 * contract (loop DESIGN: "one bad object never stops the cycle"): grouping and observing never throw, a step never
 * throws, and the good objects come through whatever the others are: each translated (no problem reported for it),
 * the node in its hall, the gang on the engine's books.
 *
 * <p>The fuzzed objects cannot claim the good ones by right (their names differ, their halls select no
 * {@code wattshift.io/hall} label), so anything that stops a good object is a finding. The default build replays
 * {@code PlacementFuzzTestInputs/observe} and fuzzes for {@code fuzz.duration}; see docs/reliability.md#fuzzing.
 */
class PlacementFuzzTest {
    private static final Instant NOW = Instant.parse("2026-07-01T12:00:00Z");
    private static final List<String> QUANTITIES = List.of("0", "1", "8", "16", "1000000", "2k", "1e3", "0.5", "100m",
        "-1", "3Mi");
    private static final String GOOD_HALL = "good-hall";

    @FuzzTest(maxDuration = "30s")
    void observe(FuzzedDataProvider data) {
        ArbitraryObjects any = new ArbitraryObjects(data);
        List<Site> sites = new ArrayList<>(List.of(Fixtures.site("good-site", 1000)));
        List<Hall> halls = new ArrayList<>(List.of(Fixtures.hall(GOOD_HALL, "good-site", 500, 100)));
        List<Node> nodes = new ArrayList<>(List.of(Fixtures.node("good-node", GOOD_HALL, "r1", 8)));
        GpuJob job = Fixtures.training("good", "train", 1, 8);
        List<Pod> pods = new ArrayList<>(Fixtures.pods(job));
        List<PowerPolicy> policies = new ArrayList<>();
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            sites.add(site(any, i));
        }
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            halls.add(hall(any, i));
        }
        for (int i = data.consumeInt(0, 4); i > 0; i--) {
            nodes.add(node(any, data, i));
        }
        for (int i = data.consumeInt(0, 2); i > 0; i--) {
            policies.add(policy(any, i));
        }
        for (int i = data.consumeInt(0, 4); i > 0; i--) {
            pods.add(pod(any, data, i));
        }
        // the order the informers list objects in is not the engine's business
        if (data.consumeBoolean()) {
            java.util.Collections.reverse(halls);
            java.util.Collections.reverse(nodes);
            java.util.Collections.reverse(pods);
        }

        List<Gang> gangs = Gangs.of(pods);
        Gang good = Gangs.of(Fixtures.pods(job)).get(0);
        assertTrue(gangs.contains(good), "the good gang is grouped as alone, whatever other pods there are");

        EnginePlacement placement = new EnginePlacement(Clock.fixed(NOW, ZoneOffset.UTC), decision -> { });
        Placement.World world = new Placement.World(sites, halls, nodes, policies, List.of(), gangs);
        placement.observe(world);
        placement.step(NOW);
        placement.observe(world); // observing the same world again changes nothing and still holds
        placement.step(NOW);

        Map<String, String> problems = placement.problems();
        for (String key : List.of("Site/good-site", "Hall/" + GOOD_HALL, "Node/good-node", "Gang/" + good.key())) {
            assertFalse(problems.containsKey(key), key + " must translate, but: " + problems.get(key));
        }
        assertEquals(GOOD_HALL, placement.hallOf("good-node"), "the good node is in its hall");
        assertTrue(placement.headroom().stream().anyMatch(h -> h.hall().equals(GOOD_HALL)), "the good hall is offered");
        assertTrue(placement.engine().job(good.key()).isPresent(), "the good gang is on the engine's books");
    }

    private static Site site(ArbitraryObjects any, int i) {
        Site s = new Site();
        s.setMetadata(new ObjectMetaBuilder().withName("fz-site-" + i).withGeneration(1L).build());
        s.setSpec(any.coin() ? any.of(SiteSpec.class) : null);
        return s;
    }

    private static Hall hall(ArbitraryObjects any, int i) {
        Hall h = new Hall();
        h.setMetadata(new ObjectMetaBuilder().withName("fz-hall-" + i).withGeneration(1L)
            .withCreationTimestamp(any.coin() ? any.string() : null).build());
        HallSpec spec = any.coin() ? any.of(HallSpec.class) : null;
        if (spec != null && spec.getNodeSelector() != null) {
            // a selector on the good hall's label with an older timestamp would take the good node by right
            Map<String, String> selector = new LinkedHashMap<>(spec.getNodeSelector());
            selector.remove("wattshift.io/hall");
            spec.setNodeSelector(selector);
        }
        h.setSpec(spec);
        h.setStatus(any.coin() ? any.of(HallStatus.class) : null);
        return h;
    }

    private static PowerPolicy policy(ArbitraryObjects any, int i) {
        PowerPolicy p = new PowerPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName("fz-policy-" + i).withGeneration(1L)
            .withCreationTimestamp(any.coin() ? any.string() : null).build());
        p.setSpec(any.coin() ? any.of(PowerPolicySpec.class) : null);
        return p;
    }

    private static Node node(ArbitraryObjects any, FuzzedDataProvider data, int i) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int n = data.consumeInt(0, 3); n > 0; n--) {
            labels.put(data.pickValue(List.of("wattshift.io/hall", WattshiftApi.RACK_LABEL, "nvidia.com/gpu.product",
                "nvidia.com/gpu.memory", "fz")), data.consumeBoolean() ? GOOD_HALL : any.string());
        }
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName("fz-node-" + i).withLabels(labels).endMetadata()
            .withNewSpec().withUnschedulable(data.consumeBoolean() ? null : data.consumeBoolean()).endSpec();
        if (data.consumeBoolean()) {
            Map<String, Quantity> gpus = Map.of(WattshiftApi.GPU_RESOURCE, new Quantity(data.pickValue(QUANTITIES)));
            b = data.consumeBoolean() ? b.withNewStatus().withAllocatable(gpus).endStatus()
                : b.withNewStatus().withCapacity(gpus).endStatus();
        }
        return b.build();
    }

    private static Pod pod(ArbitraryObjects any, FuzzedDataProvider data, int i) {
        Map<String, String> annotations = new LinkedHashMap<>();
        for (int n = data.consumeInt(0, 4); n > 0; n--) {
            annotations.put(data.pickValue(List.of(WattshiftApi.GANG_NAME, WattshiftApi.GANG_SIZE, WattshiftApi.GANG_MIN,
                WattshiftApi.TENANT, WattshiftApi.QUEUE, WattshiftApi.PRIORITY, WattshiftApi.PREEMPTIBLE,
                WattshiftApi.POWER_CAP_WATTS, WattshiftApi.TOPOLOGY)), any.string());
        }
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("fz").withName("fz-pod-" + i)
            .withCreationTimestamp(Instant.ofEpochSecond(data.consumeLong(0, 4_000_000_000L)).toString())
            .withAnnotations(annotations).endMetadata()
            .withNewSpec().withSchedulerName(WattshiftApi.SCHEDULER_NAME)
            .withNodeName(data.pickValue(List.of("", "good-node", "fz-node-1", "gone")))
            .addNewContainer().withName("c").withNewResources()
            .addToLimits(WattshiftApi.GPU_RESOURCE, new Quantity(data.pickValue(QUANTITIES))).endResources()
            .endContainer().endSpec();
        if (data.consumeBoolean()) {
            b = b.withNewStatus().withPhase(data.pickValue(List.of("Pending", "Running", "Succeeded", "Failed")))
                .endStatus();
        }
        return b.build();
    }
}
