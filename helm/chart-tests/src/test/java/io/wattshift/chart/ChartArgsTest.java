package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.JsonNode;

/**
 * A flag the binary does not know stops it at start-up (picocli refuses unknown options), which no rendering test
 * would notice. Every {@code --flag} the chart passes must be declared by a picocli option in the component's code.
 */
class ChartArgsTest {

    static final Pattern OPTION = Pattern.compile("names\\s*=\\s*\\{?\\s*\"(--[a-z0-9-]+)\"");

    static Set<String> declaredOptions(Path sourceRoot) {
        Set<String> options = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = OPTION.matcher(Files.readString(f));
                while (m.find()) {
                    options.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return options;
    }

    @ParameterizedTest(name = "{0} passes only flags {2} declares")
    @CsvSource({
        "Deployment, -scheduler, scheduler/app/src/main/java, scheduler, ''",
        "DaemonSet, -node-daemon, node-daemon/src/main/java, node-daemon, ''",
        "DaemonSet, -node-daemon, node-daemon/src/main/java, node-daemon, nodeDaemon.capping.enabled=false",
    })
    void everyFlagTheChartPassesIsDeclaredInTheCode(String kind, String nameSuffix, String sources, String container,
            String set) {
        Set<String> declared = declaredOptions(RepoPaths.root().resolve(sources));
        Helm helm = Helm.required();
        Manifests rendered = set.isEmpty() ? helm.template() : helm.template(set);
        JsonNode args = ChartRenderingTest.container(rendered.one(kind, nameSuffix), container).path("args");
        List<String> flags = ChartRenderingTest.strings(args).stream().filter(a -> a.startsWith("--"))
                .map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a).toList();
        assertTrue(!flags.isEmpty(), "no flags rendered");
        Set<String> unknown = new TreeSet<>(flags);
        unknown.removeAll(declared);
        assertTrue(unknown.isEmpty(), () -> kind + " passes " + unknown + ", which " + sources + " does not declare "
                + "(declared: " + declared + ")");
    }
}
