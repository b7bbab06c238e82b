package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** What an operator reaches from the chart: runbooks behind every alert, the no-leader alert, `helm test`, the README. */
class ChartOperatorAidsTest {

    /** GitHub's anchor of a Markdown heading: lower case, spaces to dashes, punctuation dropped. */
    static String anchor(String heading) {
        return heading.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }

    @Test
    void everyAlertLinksARunbookSectionThatExists() throws IOException {
        Set<String> sections = Files.readAllLines(RepoPaths.root().resolve("docs/runbooks.md")).stream()
                .filter(l -> l.startsWith("## ")).map(l -> anchor(l.substring(3))).collect(Collectors.toSet());
        JsonNode rule = Helm.required().template("metrics.prometheusRule.enabled=true",
                "metrics.prometheusRule.runbookBaseUrl=https://runbooks.example/wattshift/").one("PrometheusRule", "wattshift");
        Set<String> alerts = new TreeSet<>();
        rule.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> {
            String alert = r.path("alert").asString();
            alerts.add(alert);
            String url = r.path("annotations").path("runbook_url").asString();
            assertEquals("https://runbooks.example/wattshift#" + alert.toLowerCase(Locale.ROOT), url, alert);
            assertTrue(sections.contains(alert.toLowerCase(Locale.ROOT)),
                    alert + " has no section in docs/runbooks.md: " + sections);
        }));
        assertTrue(alerts.containsAll(List.of("WattshiftNoLeader", "WattshiftTelemetryStale", "WattshiftHallNearLimit",
                "WattshiftCurtailmentSlow")), alerts::toString);
    }

    @Test
    void noLeaderCountsAMissingSchedulerAsNoLeader() {
        JsonNode rule = Helm.required().template("metrics.prometheusRule.enabled=true",
                "metrics.prometheusRule.noLeaderFor=5m").one("PrometheusRule", "wattshift");
        JsonNode noLeader = null;
        for (JsonNode r : rule.path("spec").path("groups").get(0).path("rules")) {
            if (r.path("alert").asString().equals("WattshiftNoLeader")) {
                noLeader = r;
            }
        }
        assertTrue(noLeader != null, rule::toString);
        assertEquals("(sum(wattshift_scheduler_leader{namespace=\"wattshift-system\"}) or vector(0)) < 1",
                noLeader.path("expr").asString().trim());
        assertEquals("5m", noLeader.path("for").asString());
        assertEquals("critical", noLeader.path("labels").path("severity").asString());
    }

    @Test
    void helmTestCurlsTheSchedulersReadyzOverTlsWithTheChartsCa() {
        Helm helm = Helm.required();
        JsonNode pod = helm.template().one("Pod", "test-readyz");
        assertEquals("test", pod.path("metadata").path("annotations").path("helm.sh/hook").asString());
        JsonNode container = pod.path("spec").path("containers").get(0);
        List<String> command = container.path("command").valueStream().map(JsonNode::asString).toList();
        assertEquals("curl", command.get(0));
        assertTrue(command.contains("--fail"), command::toString);
        assertEquals("https://ws-wattshift-scheduler.wattshift-system.svc:8080/readyz", command.get(command.size() - 1));
        assertEquals("/etc/wattshift/ca/ca.crt", command.get(command.indexOf("--cacert") + 1));
        assertEquals("ws-wattshift-scheduler-ca",
                pod.path("spec").path("volumes").get(0).path("configMap").path("name").asString());

        JsonNode plain = helm.template("scheduler.tls.enabled=false", "nodeDaemon.allowInsecureStream=true")
                .one("Pod", "test-readyz");
        List<String> plainCommand = plain.path("spec").path("containers").get(0).path("command").valueStream()
                .map(JsonNode::asString).toList();
        assertEquals("http://ws-wattshift-scheduler.wattshift-system.svc:8080/readyz",
                plainCommand.get(plainCommand.size() - 1));
        assertTrue(!plainCommand.contains("--cacert") && plain.path("spec").path("volumes").isMissingNode(),
                plain::toString);

        assertTrue(helm.template("tests.enabled=false").ofKind("Pod").isEmpty());
    }

    @Test
    void theSchedulerLogFormatReachesItsEnvironment() {
        Helm helm = Helm.required();
        JsonNode env = helm.template("scheduler.logFormat=json").one("Deployment", "scheduler").path("spec")
                .path("template").path("spec").path("containers").get(0).path("env");
        assertTrue(env.toString().contains("{\"name\":\"WATTSHIFT_LOG_FORMAT\",\"value\":\"json\"}"), env::toString);
        Helm.Result refused = helm.templateResult("scheduler.logFormat=xml");
        assertTrue(!refused.ok() && refused.stderr().contains("logFormat"), refused::describe);
    }

    @Test
    void helmShowReadmePrintsTheChartReadme() throws IOException {
        Helm.Result readme = Helm.required().run("show", "readme", RepoPaths.chart().toString());
        assertTrue(readme.ok(), readme::describe);
        assertEquals(Files.readString(RepoPaths.chart().resolve("README.md")).trim(), readme.stdout().trim());
        assertTrue(readme.stdout().contains("helm test"), "says how to test a release");
    }

    @Test
    void chartYamlNamesItsLicenseHomeAndSources() {
        Helm.Result chart = Helm.required().run("show", "chart", RepoPaths.chart().toString());
        assertTrue(chart.ok(), chart::describe);
        JsonNode meta = Manifests.YAML.readTree(chart.stdout());
        assertEquals("Apache-2.0", meta.path("annotations").path("artifacthub.io/license").asString());
        assertTrue(meta.path("home").asString().startsWith("https://"), chart.stdout());
        assertTrue(meta.path("sources").size() >= 1, chart.stdout());
        assertTrue(Files.isRegularFile(RepoPaths.root().resolve("LICENSE")), "LICENSE at the repository root");
    }
}
