package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The chart's PrometheusRule, checked by Prometheus's own rule parser (what {@code promtool check rules} runs), not
 * by our reading of it: the groups must load and every expression must parse. The broken copies prove the check
 * can fail.
 */
class ChartPrometheusRuleCheckTest {

    static JsonNode renderedRule(String... sets) {
        String[] all = new String[sets.length + 2];
        all[0] = "metrics.serviceMonitor.enabled=true";
        all[1] = "metrics.prometheusRule.enabled=true";
        System.arraycopy(sets, 0, all, 2, sets.length);
        return Helm.required().template(all).one("PrometheusRule", "wattshift");
    }

    @Test
    void theRenderedRulesPassPrometheusRuleValidation() {
        Helm.Result result = PromRules.required().checkSpecOf(renderedRule(), "chart-rules.yaml");
        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.stdout().contains("SUCCESS: 4 rules found"), result::describe);
    }

    @Test
    void otherThresholdsStillRenderValidRules() {
        // -f values.yaml: --set cannot give a float
        Helm.Result rendered = Helm.required().templateWithValues("""
                metrics:
                  serviceMonitor: {enabled: true}
                  prometheusRule:
                    enabled: true
                    staleTelemetrySeconds: 120
                    hallNearLimitRatio: 0.8
                    curtailmentObjectiveSeconds: 5
                """);
        assertTrue(rendered.ok(), rendered::describe);
        JsonNode rule = Manifests.parse(rendered.stdout()).one("PrometheusRule", "wattshift");
        assertTrue(rule.toString().contains("> 0.8"), rule::toString);

        Helm.Result result = PromRules.required().checkSpecOf(rule, "chart-rules-thresholds.yaml");
        assertEquals(0, result.exitCode(), result::describe);
    }

    @Test
    void aBrokenExpressionFailsWithPrometheusMessage() {
        JsonNode rule = renderedRule().deepCopy();
        ObjectNode first = (ObjectNode) rule.path("spec").path("groups").get(0).path("rules").get(0);
        String expr = first.path("expr").asString();
        first.put("expr", expr.replaceFirst("\\)", ""));   // one parenthesis short

        Helm.Result result = PromRules.required().checkSpecOf(rule, "broken-expr.yaml");
        assertEquals(1, result.exitCode(), result::describe);
        assertTrue(result.stderr().contains("FAILED:"), result::describe);
        assertTrue(result.stderr().contains("group \"wattshift\", rule 1, \"WattshiftTelemetryStale\": "
                + "could not parse expression"), result::describe);
    }

    @Test
    void aFieldPrometheusDoesNotKnowFails() {
        JsonNode rule = renderedRule().deepCopy();
        // A common slip: severity beside the alert instead of under labels.
        ((ObjectNode) rule.path("spec").path("groups").get(0).path("rules").get(2)).put("severity", "critical");

        Helm.Result result = PromRules.required().checkSpecOf(rule, "unknown-field.yaml");
        assertEquals(1, result.exitCode(), result::describe);
        assertTrue(result.stderr().contains("field severity not found"), result::describe);
    }
}
