package io.wattshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The checked-in top-level {@code crds/} must equal what crd-generator writes from the API classes in this build.
 * After changing an API class: {@code mvn -B -q -pl scheduler/api process-classes -Pwrite-crds}.
 */
class CrdDiffTest {
  private static final String FIX = "; regenerate with: mvn -B -q -pl scheduler/api process-classes -Pwrite-crds";

  private final Path generated = Path.of(System.getProperty("wattshift.crds.generated", "target/crds"));
  private final Path checkedIn = Path.of(System.getProperty("wattshift.crds.checkedIn", "../../crds"));

  @Test
  void checkedInCrdsAreExactlyTheGeneratedOnes() throws IOException {
    Set<String> generatedFiles = yamlFiles(generated);
    assertFalse(generatedFiles.isEmpty(), "crd-generator wrote nothing to " + generated);
    assertEquals(generatedFiles, yamlFiles(checkedIn), "CRD files differ between " + generated + " and " + checkedIn + FIX);
    for (String file : generatedFiles) {
      assertEquals(Files.readString(generated.resolve(file)), Files.readString(checkedIn.resolve(file)),
          file + " differs from the generated CRD" + FIX);
    }
  }

  @Test
  void everyKindHasItsCrd() throws IOException {
    assertEquals(Set.of("gpujobs.wattshift.io-v1.yml", "halls.wattshift.io-v1.yml", "miningleases.wattshift.io-v1.yml",
        "powerpolicies.wattshift.io-v1.yml", "sites.wattshift.io-v1.yml"), yamlFiles(generated));
  }

  private static Set<String> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
