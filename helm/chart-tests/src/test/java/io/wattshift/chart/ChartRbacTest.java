package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.JsonNode;

/**
 * The chart grants each component exactly the API calls its code makes, as listed beside the code in
 * {@code rbac-rules.yaml} (ClusterRole {@code rules} form): no more, no less.
 */
class ChartRbacTest {

    /** One grant: a verb on a resource (with subresource) in an API group, optionally limited to names. */
    record Grant(String apiGroup, String resource, String verb, String resourceName) implements Comparable<Grant> {
        @Override
        public int compareTo(Grant o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + ":" + verb
                    + (resourceName.isEmpty() ? "" : "[" + resourceName + "]");
        }
    }

    /** Expands PolicyRules into single grants, so that rules split or grouped differently still compare equal. */
    static Set<Grant> grants(JsonNode rules) {
        Set<Grant> grants = new TreeSet<>();
        for (JsonNode rule : rules) {
            List<String> names = rule.path("resourceNames").isEmpty() ? List.of("")
                    : ChartRenderingTest.strings(rule.path("resourceNames"));
            for (String group : ChartRenderingTest.strings(rule.path("apiGroups"))) {
                for (String resource : ChartRenderingTest.strings(rule.path("resources"))) {
                    for (String verb : ChartRenderingTest.strings(rule.path("verbs"))) {
                        for (String name : names) {
                            grants.add(new Grant(group, resource, verb, name));
                        }
                    }
                }
            }
        }
        return grants;
    }

    static Set<Grant> declared(Path rulesFile) throws IOException {
        JsonNode doc = Manifests.YAML.readTree(Files.readString(rulesFile));
        assertTrue(doc.path("rules").isArray(), rulesFile + " has no rules list");
        return grants(doc.path("rules"));
    }

    /** Everything the chart's Roles and ClusterRoles of one component grant. */
    static Set<Grant> rendered(Manifests manifests, String component) {
        Set<Grant> grants = new TreeSet<>();
        for (String kind : List.of("ClusterRole", "Role")) {
            for (JsonNode role : manifests.ofKind(kind)) {
                JsonNode labels = role.path("metadata").path("labels");
                if (component.equals(labels.path("app.kubernetes.io/component").asString())) {
                    grants.addAll(grants(role.path("rules")));
                }
            }
        }
        return grants;
    }

    @ParameterizedTest(name = "{0} is granted exactly what {1} lists")
    @CsvSource({
        "scheduler, scheduler/app/rbac-rules.yaml",
        "node-daemon, node-daemon/rbac-rules.yaml",
    })
    void theChartGrantsExactlyTheCallsTheCodeMakes(String component, String rulesFile) throws IOException {
        Set<Grant> declared = declared(RepoPaths.root().resolve(rulesFile));
        Set<Grant> granted = rendered(Helm.required().template(), component);
        Set<Grant> missing = new TreeSet<>(declared);
        missing.removeAll(granted);
        Set<Grant> extra = new TreeSet<>(granted);
        extra.removeAll(declared);
        assertTrue(missing.isEmpty() && extra.isEmpty(), () -> component + ": the chart misses " + missing
                + " and grants more than the code uses: " + extra + " (edit helm/wattshift/templates/"
                + component + "-rbac.yaml or " + rulesFile + ")");
    }

    @Test
    void noRoleUsesWildcards() {
        Manifests manifests = Helm.required().template();
        for (String component : List.of("scheduler", "node-daemon")) {
            for (Grant g : rendered(manifests, component)) {
                assertFalse(g.apiGroup().equals("*") || g.resource().equals("*") || g.verb().equals("*"),
                        component + ": wildcard " + g);
            }
        }
    }

    @Test
    void withoutNodeLabellingTheDaemonHasNoApiAccessAtAll() {
        Manifests manifests = Helm.required().template("nodeDaemon.labelNode=false");
        assertEquals(Set.of(), rendered(manifests, "node-daemon"));
        JsonNode pod = manifests.one("DaemonSet", "-node-daemon").path("spec").path("template").path("spec");
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true));
    }

    @Test
    void leasesAndSecretsAreGrantedOnlyInTheReleaseNamespace() {
        Manifests manifests = Helm.required().template();
        for (JsonNode role : manifests.ofKind("ClusterRole")) {
            for (Grant g : grants(role.path("rules"))) {
                assertFalse(g.resource().equals("leases") || g.resource().equals("secrets"),
                        "cluster-wide access: " + g);
            }
        }
        JsonNode role = manifests.one("Role", "-scheduler");
        assertEquals("wattshift-system", role.path("metadata").path("namespace").asString());
        Set<String> resources = new java.util.TreeSet<>();
        grants(role.path("rules")).forEach(g -> resources.add(g.resource()));
        assertEquals(Set.of("leases", "secrets"), resources);
    }
}
