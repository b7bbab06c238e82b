package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.JsonNode;

/**
 * No Docker engine runs here, so the images are not built; this keeps each Dockerfile consistent with the jar its
 * module shades and with the user and port the chart runs it with.
 */
class DockerfilesTest {

    static String only(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), "no line matching " + regex);
        String found = m.group(1);
        assertTrue(!m.find(), "more than one line matching " + regex);
        return found;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "scheduler/app, Deployment, -scheduler, scheduler, nodeDaemon.capping.enabled=true",
        "node-daemon, DaemonSet, -node-daemon, node-daemon, nodeDaemon.capping.enabled=false",
    })
    void theDockerfileShipsTheShadedJarAsTheNonRootUserTheChartRuns(String module, String kind, String nameSuffix,
            String containerName, String set) throws IOException {
        Path dir = RepoPaths.root().resolve(module);
        String dockerfile = Files.readString(dir.resolve("Dockerfile"));
        String pom = Files.readString(dir.resolve("pom.xml"));

        assertTrue(only(dockerfile, "^FROM\\s+(\\S+)").startsWith("eclipse-temurin:17-jre"));
        String jar = only(pom, "<finalName>([^<]+)</finalName>") + ".jar";
        String copied = only(dockerfile, "^COPY\\s+target/(\\S+)\\s");
        assertEquals(jar, copied, "the Dockerfile must copy the jar the shade plugin writes");
        String entrypoint = only(dockerfile, "^ENTRYPOINT\\s+(.+)$");
        assertTrue(entrypoint.contains("\"-jar\"") && entrypoint.contains("/" + jar + "\""), entrypoint);

        String user = only(dockerfile, "^USER\\s+(\\d+)(?::\\d+)?\\s*$");
        assertTrue(Integer.parseInt(user) > 0, "USER must be a numeric non-root uid");

        Manifests rendered = Helm.required().template(set);
        JsonNode workload = rendered.one(kind, nameSuffix);
        JsonNode podSecurity = workload.path("spec").path("template").path("spec").path("securityContext");
        assertEquals(Integer.parseInt(user), podSecurity.path("runAsUser").asInt(), "chart and image users differ");
        String exposed = only(dockerfile, "^EXPOSE\\s+(\\d+)");
        JsonNode ports = ChartRenderingTest.container(workload, containerName).path("ports");
        assertEquals(List.of(Integer.parseInt(exposed)), List.of(ports.path(0).path("containerPort").asInt()));
    }
}
