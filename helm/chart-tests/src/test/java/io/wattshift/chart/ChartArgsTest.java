package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import tools.jackson.databind.JsonNode;

/**
 * A flag or value the binary refuses stops the pod at start-up, which no rendering test would notice. The
 * products' own command lines (picocli) must parse the exact arguments the chart renders, values included.
 */
class ChartArgsTest {

    static List<String> args(Manifests rendered, String kind, String nameSuffix, String container) {
        return ChartRenderingTest.strings(
                ChartRenderingTest.container(rendered.one(kind, nameSuffix), container).path("args"));
    }

    static void assertParses(Supplier<CommandLine> commandLine, List<String> args) {
        try {
            commandLine.get().parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new AssertionError("the binary refuses the chart's arguments " + args + ": " + e.getMessage(), e);
        }
    }

    @ParameterizedTest(name = "the scheduler parses its arguments with [{0}]")
    @CsvSource({"''", "scheduler.httpPort=9090", "scheduler.leaderElection.leaseDurationSeconds=30"})
    void theSchedulerAcceptsTheArgumentsTheChartPasses(String set) {
        Manifests rendered = set.isEmpty() ? Helm.required().template() : Helm.required().template(set);
        List<String> args = args(rendered, "Deployment", "-scheduler", "scheduler");
        assertEquals("run", args.get(0));
        assertParses(() -> new CommandLine(new io.wattshift.scheduler.Main()), args);
    }

    @ParameterizedTest(name = "the node daemon parses its arguments with [{0}]")
    @CsvSource({"''", "nodeDaemon.capping.enabled=false", "nodeDaemon.labelNode=false",
        "nodeDaemon.sampleIntervalMillis=250", "'scheduler.tls.enabled=false,nodeDaemon.allowInsecureStream=true'"})
    void theNodeDaemonAcceptsTheArgumentsTheChartPasses(String set) {
        Manifests rendered = set.isEmpty() ? Helm.required().template() : Helm.required().template(set);
        assertParses(() -> new CommandLine(new io.wattshift.daemon.Main()),
                args(rendered, "DaemonSet", "-node-daemon", "node-daemon"));
    }

    @Test
    void aFlagTheBinaryDoesNotKnowIsCaught() {
        Manifests rendered = Helm.required().template("scheduler.extraArgs={--no-such-flag}");
        List<String> args = args(rendered, "Deployment", "-scheduler", "scheduler");
        AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> assertParses(() -> new CommandLine(new io.wattshift.scheduler.Main()), args));
        assertTrue(refused.getMessage().contains("--no-such-flag"), refused::getMessage);
    }

    @Test
    void theSchedulerImageStartsASubcommandTheBinaryHas() throws IOException {
        String dockerfile = Files.readString(RepoPaths.root().resolve("scheduler/app/Dockerfile"));
        String cmd = DockerfilesTest.only(dockerfile, "^CMD\\s+\\[\"([a-z-]+)\"\\]");
        assertTrue(new CommandLine(new io.wattshift.scheduler.Main()).getSubcommands().containsKey(cmd),
                "the image's CMD " + cmd + " is not a subcommand of io.wattshift.scheduler.Main");
    }
}
