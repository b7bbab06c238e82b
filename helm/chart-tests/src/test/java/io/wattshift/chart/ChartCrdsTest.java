package io.wattshift.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * The chart ships exactly the CRDs in the top-level crds/ (one source of truth): helm/wattshift/crds is a symbolic
 * link to ../../crds, which helm follows when it lints, renders, installs and packages the chart.
 */
class ChartCrdsTest {

    static Map<String, String> yamlFiles(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .toList()) {
                files.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return files;
    }

    static Map<String, JsonNode> crdsByName(Manifests manifests) {
        Map<String, JsonNode> byName = new TreeMap<>();
        manifests.ofKind("CustomResourceDefinition")
                .forEach(crd -> byName.put(crd.path("metadata").path("name").asString(), crd));
        return byName;
    }

    static Map<String, JsonNode> sourceCrds() throws IOException {
        StringBuilder all = new StringBuilder();
        yamlFiles(RepoPaths.crds()).values().forEach(text -> all.append(text).append("\n---\n"));
        return crdsByName(Manifests.parse(all.toString()));
    }

    @Test
    void theChartCrdsFolderIsALinkToCrds() throws IOException {
        Path link = RepoPaths.chart().resolve("crds");
        assertTrue(Files.isSymbolicLink(link), link + " must be a symbolic link to ../../crds, not a copy");
        assertEquals(Path.of("../../crds"), Files.readSymbolicLink(link));
    }

    @Test
    void theChartCrdsFolderHoldsTheSameFilesAsCrds() throws IOException {
        Map<String, String> source = yamlFiles(RepoPaths.crds());
        assertFalse(source.isEmpty(), "no CRDs in " + RepoPaths.crds());
        Map<String, String> chart = yamlFiles(RepoPaths.chart().resolve("crds"));
        assertEquals(source.keySet(), chart.keySet(), "helm/wattshift/crds differs from crds/");
        List<String> differing = source.keySet().stream().filter(f -> !source.get(f).equals(chart.get(f))).toList();
        assertEquals(List.of(), differing, "helm/wattshift/crds differs from crds/");
    }

    @Test
    void everyWattshiftKindHasACrd() throws IOException {
        assertEquals(List.of("gpujobs.wattshift.io", "halls.wattshift.io", "miningleases.wattshift.io",
                "powerpolicies.wattshift.io", "sites.wattshift.io"), List.copyOf(sourceCrds().keySet()));
    }

    @Test
    void thePackagedChartCarriesTheCrds(@TempDir Path out) throws IOException {
        Helm helm = Helm.required();
        Helm.Result packaged = helm.run("package", RepoPaths.chart().toString(), "--destination", out.toString());
        assertTrue(packaged.ok(), packaged::describe);
        Path tgz;
        try (Stream<Path> list = Files.list(out)) {
            tgz = list.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow();
        }
        Helm.Result shown = helm.run("show", "crds", tgz.toString());
        assertTrue(shown.ok(), shown::describe);
        Map<String, JsonNode> source = sourceCrds();
        Map<String, JsonNode> packagedCrds = crdsByName(Manifests.parse(shown.stdout()));
        assertEquals(source.keySet(), packagedCrds.keySet());
        List<String> differing = source.keySet().stream()
                .filter(name -> !source.get(name).equals(packagedCrds.get(name))).toList();
        assertEquals(List.of(), differing, "CRDs in the packaged chart differ from crds/");
    }
}
