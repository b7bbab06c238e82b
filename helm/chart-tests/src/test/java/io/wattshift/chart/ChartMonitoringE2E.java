package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.wattshift.testbed.CommandResult;
import io.wattshift.testbed.ControlPlane;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import tools.jackson.databind.JsonNode;

/**
 * The chart's ServiceMonitor and PrometheusRule against the Prometheus Operator's real CRDs (pinned in
 * e2e/build/prometheus-operator) on a real kube-apiserver: its OpenAPI schema validation accepts what the chart
 * renders, with strict field validation (an unknown field is an error, not silently pruned), and refuses a
 * PrometheusRule that breaks the schema, which proves the schema is active.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartMonitoringE2E {

    static final String NS = "wattshift-system";
    static final String[] MONITORING = {"--set", "metrics.serviceMonitor.enabled=true",
        "--set", "metrics.prometheusRule.enabled=true"};

    // Only the operator's two CRDs (and, with the install, the chart's own); no nodes: nothing here schedules.
    @RegisterExtension
    static final ControlPlane cluster = ControlPlane.builder().noCrds().build();

    @BeforeAll
    static void applyTheOperatorsCrds() {
        List<String> names = cluster.running().applyCrds(OperatorCrds.required());
        assertEquals(java.util.Set.of("servicemonitors.monitoring.coreos.com",
                "prometheusrules.monitoring.coreos.com"), java.util.Set.copyOf(names));
        cluster.kubectl("create", "namespace", NS).orThrow();
    }

    static String renderedMonitoring() {
        List<String> args = new java.util.ArrayList<>(List.of("template", "ws", RepoPaths.chart().toString(),
                "--namespace", NS, "--show-only", "templates/servicemonitor.yaml",
                "--show-only", "templates/prometheusrule.yaml"));
        args.addAll(List.of(MONITORING));
        return cluster.helm(args.toArray(String[]::new)).orThrow().stdout();
    }

    static CommandResult strictServerDryRun(String yaml) {
        return cluster.running().kubectlWithInput(yaml, "apply", "--dry-run=server", "--validate=strict", "-f", "-");
    }

    @Test
    @Order(1)
    void theApiServerAcceptsTheRenderedObjectsUnderStrictValidation() {
        CommandResult applied = strictServerDryRun(renderedMonitoring());
        assertTrue(applied.succeeded(), applied::toString);
        assertTrue(applied.stdout().contains("servicemonitor.monitoring.coreos.com/ws-wattshift created"),
                applied::toString);
        assertTrue(applied.stdout().contains("prometheusrule.monitoring.coreos.com/ws-wattshift created"),
                applied::toString);
        assertFalse(applied.stderr().contains("Warning"), () -> "unknown or duplicate fields: " + applied);
    }

    @Test
    @Order(2)
    void helmInstallsThemAndTheRulesAreStoredAsRendered() {
        List<String> args = new java.util.ArrayList<>(List.of("install", "ws", RepoPaths.chart().toString(),
                "--namespace", NS));
        args.addAll(List.of(MONITORING));
        CommandResult installed = cluster.helm(args.toArray(String[]::new));
        assertTrue(installed.succeeded(), installed::toString);

        JsonNode stored = Manifests.parse(cluster.kubectl("get", "prometheusrule", "ws-wattshift", "-n", NS,
                "-o", "yaml").orThrow().stdout()).objects().get(0);
        JsonNode rendered = Manifests.parse(renderedMonitoring()).one("PrometheusRule", "wattshift");
        // Nothing pruned or defaulted away: the stored groups are the rendered ones.
        assertEquals(rendered.path("spec"), stored.path("spec"));
        JsonNode monitor = Manifests.parse(cluster.kubectl("get", "servicemonitor", "ws-wattshift", "-n", NS,
                "-o", "yaml").orThrow().stdout()).objects().get(0);
        assertEquals(2, monitor.path("spec").path("endpoints").size(), monitor::toString);
    }

    @Test
    @Order(3)
    void aPrometheusRuleThatBreaksTheSchemaIsRefused() {
        // `for` is a duration string ("5m"): a number breaks the schema.
        CommandResult wrongType = strictServerDryRun("""
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: wrong-type, namespace: wattshift-system}
                spec:
                  groups:
                    - name: g
                      rules:
                        - alert: A
                          expr: vector(1)
                          for: 5
                """);
        assertFalse(wrongType.succeeded(), wrongType::toString);
        assertTrue(wrongType.stderr().contains("spec.groups[0].rules[0].for"), wrongType::toString);

        // Strict validation: a field the schema does not have is an error, not silently dropped.
        CommandResult unknown = strictServerDryRun("""
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: unknown-field, namespace: wattshift-system}
                spec:
                  groups:
                    - name: g
                      rules:
                        - alert: A
                          expr: vector(1)
                          severity: critical
                """);
        assertFalse(unknown.succeeded(), unknown::toString);
        assertTrue(unknown.stderr().contains("unknown field \"spec.groups[0].rules[0].severity\""),
                unknown::toString);
    }

    @Test
    @Order(4)
    void aServiceMonitorWithABadIntervalIsRefused() {
        CommandResult refused = strictServerDryRun("""
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: bad-interval, namespace: wattshift-system}
                spec:
                  selector: {matchLabels: {app: x}}
                  endpoints:
                    - port: http
                      interval: 30 seconds
                """);
        assertFalse(refused.succeeded(), refused::toString);
        assertTrue(refused.stderr().contains("spec.endpoints[0].interval"), refused::toString);
    }
}
