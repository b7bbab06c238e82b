package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChartLintTest {

    @ParameterizedTest(name = "helm lint --strict passes with [{0}]")
    @ValueSource(strings = {"", "nodeDaemon.capping.enabled=false",
            "metrics.serviceMonitor.enabled=true,metrics.prometheusRule.enabled=true", "nodeDaemon.enabled=false",
            "scheduler.tls.enabled=false,nodeDaemon.allowInsecureStream=true",
            "scheduler.tls.source=certManager,scheduler.tls.certManager.issuerRef.name=ca"})
    void lintIsCleanInStrictMode(String sets) {
        List<String> args = new ArrayList<>(List.of("lint", "--strict", RepoPaths.chart().toString()));
        if (!sets.isEmpty()) {
            args.add("--set");
            args.add(sets);
        }
        Helm.Result result = Helm.required().run(args);
        assertTrue(result.ok(), result::describe);
        assertTrue(result.stdout().contains("0 chart(s) failed"), result::describe);
    }
}
