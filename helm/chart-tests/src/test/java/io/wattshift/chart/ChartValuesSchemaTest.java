package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad values are refused before anything renders, with a message that names the key and the reason. */
class ChartValuesSchemaTest {

    @ParameterizedTest(name = "{0} is rejected, saying {1}")
    @CsvSource(delimiter = '|', value = {
        "scheduler.replicas=0                          | minimum",
        "scheduler.replicas=two                        | replicas",
        "scheduler.replica=2                           | replica",
        "scheduler.image.pullPolicy=Sometimes          | pullPolicy",
        "scheduler.httpPort=70000                      | httpPort",
        "scheduler.leaderElection.enabled=false        | additional properties 'enabled' not allowed",
        "scheduler.leaderElection.retryPeriodSeconds=0 | retryPeriodSeconds",
        "nodeDaemon.runtimeClassName=NVIDIA            | runtimeClassName",
        "nodeDaemon.capping.enabled=maybe              | capping",
        "nodeDaemon.sampleIntervalMillis=10            | sampleIntervalMillis",
        "nodeDaemon.tokenExpirationSeconds=60          | tokenExpirationSeconds",
        "metrics.prometheusRule.hallNearLimitRatio=1.5 | hallNearLimitRatio",
        "metrics.serviceMonitor.interval=often         | interval",
        "scheduler.resources.limits.memory=lots        | memory",
        "scheduler.tls.enabled=yes                     | /scheduler/tls/enabled",
        "scheduler.tls.source=vault                    | value must be one of 'helm', 'certManager', 'existingSecret'",
        "scheduler.tls.secretName=My_Secret            | /scheduler/tls/secretName",
        "scheduler.tls.certManager.issuerRef.kind=CA   | value must be one of 'Issuer', 'ClusterIssuer'",
        "nodeDaemon.allowInsecureStream=sure           | allowInsecureStream",
    })
    void theSchemaRejectsBadValuesAndNamesTheKey(String set, String mentioned) {
        Helm.Result result = Helm.required().templateResult(set);
        assertFalse(result.ok(), () -> set + " was accepted: " + result.describe());
        assertTrue(result.stderr().contains("values don't meet the specifications of the schema"),
                result::describe);
        assertTrue(result.stderr().contains(mentioned), result::describe);
    }

    @ParameterizedTest(name = "{0} is rejected, saying {1}")
    @CsvSource(delimiter = '|', value = {
        "scheduler.leaderElection.renewDeadlineSeconds=20 | renewDeadlineSeconds (20) must be less than leaseDurationSeconds (10)",
        "scheduler.leaderElection.retryPeriodSeconds=8    | retryPeriodSeconds (8) must be less than renewDeadlineSeconds (8)",
        "scheduler.podDisruptionBudget.minAvailable=2     | minAvailable (2) must be less than scheduler.replicas (2)",
        // the Prometheus Operator's own rule (CompareScrapeTimeoutToScrapeInterval): it would drop the ServiceMonitor
        "metrics.serviceMonitor.enabled=true,metrics.serviceMonitor.interval=5s | scrapeTimeout (10s) must not be longer than metrics.serviceMonitor.interval (5s)",
        "metrics.serviceMonitor.enabled=true,metrics.serviceMonitor.interval=1m,metrics.serviceMonitor.scrapeTimeout=90s | scrapeTimeout (90s) must not be longer than metrics.serviceMonitor.interval (1m)",
        "metrics.serviceMonitor.enabled=true,metrics.serviceMonitor.interval=1500ms,metrics.serviceMonitor.scrapeTimeout=2s | scrapeTimeout (2s) must not be longer",
        "scheduler.tls.enabled=false | scheduler.tls.enabled=false sends node tokens in clear text: set nodeDaemon.allowInsecureStream=true to accept that",
        "scheduler.tls.source=existingSecret | scheduler.tls.source=existingSecret needs scheduler.tls.secretName",
        "scheduler.tls.source=certManager | scheduler.tls.source=certManager needs scheduler.tls.certManager.issuerRef.name",
    })
    void relationsBetweenValuesAreCheckedWithAPlainSentence(String set, String message) {
        Helm.Result result = Helm.required().templateResult(set);
        assertFalse(result.ok(), () -> set + " was accepted: " + result.describe());
        assertTrue(result.stderr().contains(message), result::describe);
    }

    @ParameterizedTest(name = "{0} is accepted")
    @CsvSource(delimiter = '|', value = {
        "scheduler.replicas=1,scheduler.podDisruptionBudget.enabled=false",
        "scheduler.replicas=3",
        "nodeDaemon.runtimeClassName=",
        "scheduler.image.tag=0.2.0-rc.1",
        "metrics.serviceMonitor.enabled=true,metrics.serviceMonitor.interval=10s",
        "metrics.serviceMonitor.enabled=true,metrics.serviceMonitor.interval=1m,metrics.serviceMonitor.scrapeTimeout=59s",
        "metrics.serviceMonitor.enabled=true,metrics.serviceMonitor.interval=1h,metrics.serviceMonitor.scrapeTimeout=1500ms",
        "metrics.serviceMonitor.interval=5s",
        "scheduler.tls.enabled=false,nodeDaemon.allowInsecureStream=true",
        // without daemons no token crosses the network
        "scheduler.tls.enabled=false,nodeDaemon.enabled=false",
        "scheduler.tls.source=existingSecret,scheduler.tls.secretName=site-pki.scheduler",
        "scheduler.tls.source=certManager,scheduler.tls.certManager.issuerRef.name=ca",
    })
    void reasonableValuesPass(String set) {
        Helm.Result result = Helm.required().templateResult(set);
        assertTrue(result.ok(), result::describe);
    }

    @Test
    void aValuesFileWithFractionsPasses() {
        Helm.Result result = Helm.required().templateWithValues("""
                metrics:
                  prometheusRule:
                    enabled: true
                    hallNearLimitRatio: 0.9
                    curtailmentObjectiveSeconds: 12.5
                """);
        assertTrue(result.ok(), result::describe);
        assertTrue(result.stdout().contains("> 0.9"), result::describe);
    }

    @Test
    void aFractionGivenAsAStringIsRejectedWithTheReason() {
        // helm --set passes 0.9 as a string: the schema says so instead of rendering a broken rule
        Helm.Result result = Helm.required().templateResult("metrics.prometheusRule.hallNearLimitRatio=0.9");
        assertFalse(result.ok(), result::describe);
        assertTrue(result.stderr().contains("hallNearLimitRatio': got string, want number"), result::describe);
    }
}
