package io.wattshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The generated CRDs carry what the API server needs to enforce and show: scope, names, columns, rules. */
class CrdSchemaTest {
  private static final Path GENERATED = Path.of(System.getProperty("wattshift.crds.generated", "target/crds"));
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  private CustomResourceDefinition crd(String plural) throws IOException {
    return serialization.unmarshal(Files.readString(GENERATED.resolve(plural + ".wattshift.io-v1.yml")),
        CustomResourceDefinition.class);
  }

  private static CustomResourceDefinitionVersion version(CustomResourceDefinition crd) {
    assertEquals(1, crd.getSpec().getVersions().size());
    return crd.getSpec().getVersions().get(0);
  }

  @ParameterizedTest(name = "{0} is {1}-scoped, in category wattshift, with a status subresource and columns {2} in that order")
  @CsvSource(delimiter = ';', value = {
      "gpujobs;Namespaced;Type,Phase,GPUs,kW,Hall,Age",
      "halls;Cluster;Limit kW,AI kW,Mining kW,Free kW,Cooling %,Age",
      "miningleases;Cluster;Hall,kW,State,Age",
      "sites;Cluster;Limit kW,AI kW,Mining kW,Free kW,Price $/MWh,Age",
      "powerpolicies;Cluster;Reserve kW,Capping,Placement,Active,Age"})
  void crdHasScopeCategoryStatusAndColumns(String plural, String scope, String columns) throws IOException {
    CustomResourceDefinition crd = crd(plural);
    assertEquals(WattshiftApi.GROUP, crd.getSpec().getGroup());
    assertEquals(scope, crd.getSpec().getScope());
    assertEquals(List.of(WattshiftApi.CATEGORY), crd.getSpec().getNames().getCategories());
    CustomResourceDefinitionVersion v = version(crd);
    assertEquals(WattshiftApi.VERSION, v.getName());
    assertTrue(v.getSubresources() != null && v.getSubresources().getStatus() != null, "status subresource");
    // kubectl prints the columns in list order (issue 4 fixes it; Age last); PrinterColumnOrder undoes the sort by path
    assertEquals(List.of(columns.split(",")),
        v.getAdditionalPrinterColumns().stream().map(CustomResourceColumnDefinition::getName).toList());
    assertTrue(v.getSchema().getOpenAPIV3Schema().getRequired() == null
        || v.getSchema().getOpenAPIV3Schema().getRequired().isEmpty()
        || v.getSchema().getOpenAPIV3Schema().getRequired().contains("spec"));
  }

  @Test
  void gpuJobHasShortNameRangesEnumsAndCrossFieldRules() throws IOException {
    CustomResourceDefinition crd = crd("gpujobs");
    assertEquals(List.of("gj"), crd.getSpec().getNames().getShortNames());
    JSONSchemaProps spec = version(crd).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertTrue(spec.getRequired().containsAll(List.of("type", "gpusPerWorker", "template")));
    assertEquals(1.0, spec.getProperties().get("gpusPerWorker").getMinimum());
    assertEquals(1.0, spec.getProperties().get("workers").getMinimum());
    assertEquals(100.0, spec.getProperties().get("powerCapWatts").getMinimum());
    assertEquals(1500.0, spec.getProperties().get("powerCapWatts").getMaximum());
    assertEquals(Set.of("Training", "Inference"), spec.getProperties().get("type").getEnum().stream()
        .map(n -> n.asString()).collect(Collectors.toSet()));
    Set<String> rules = spec.getXKubernetesValidations().stream().map(ValidationRule::getRule).collect(Collectors.toSet());
    assertTrue(rules.stream().anyMatch(r -> r.contains("self.minAvailable <= self.replicas")), rules::toString);
    assertTrue(rules.stream().anyMatch(r -> r.contains("'SameRack'")), rules::toString);
  }

  @Test
  void everyStatusHasStandardConditions() throws IOException {
    for (String plural : List.of("gpujobs", "halls", "miningleases", "sites", "powerpolicies")) {
      JSONSchemaProps status = version(crd(plural)).getSchema().getOpenAPIV3Schema().getProperties().get("status");
      JSONSchemaProps condition = status.getProperties().get("conditions").getItems().getSchema();
      assertTrue(condition.getProperties().keySet().containsAll(
          Set.of("type", "status", "reason", "message", "lastTransitionTime", "observedGeneration")), plural);
    }
  }

  @Test
  void hallMinersDeclareAStandbyBoundedByNameplate() throws IOException {
    JSONSchemaProps fleet = version(crd("halls")).getSchema().getOpenAPIV3Schema().getProperties().get("spec")
        .getProperties().get("miners");
    JSONSchemaProps miner = fleet.getProperties().get("miners").getItems().getSchema();
    for (JSONSchemaProps standby : List.of(fleet.getProperties().get("standbyWatts"), miner.getProperties().get("standbyWatts"))) {
      assertEquals("number", standby.getType());
      assertEquals(0.0, standby.getMinimum());
      assertEquals(50000.0, standby.getMaximum());
    }
    assertTrue(!fleet.getRequired().contains("standbyWatts") && !miner.getRequired().contains("standbyWatts"), "optional");
    ValidationRule own = miner.getXKubernetesValidations().stream()
        .filter(r -> r.getRule().contains("self.standbyWatts <= self.nominalWatts")).findFirst().orElseThrow();
    assertTrue(own.getMessage().contains("at most its nominalWatts"), own.getMessage());
    ValidationRule fleetDefault = fleet.getXKubernetesValidations().stream()
        .filter(r -> r.getRule().contains("!has(self.miners) || self.miners.all(m, has(m.standbyWatts) || self.standbyWatts <= m.nominalWatts)"))
        .findFirst().orElseThrow();
    assertTrue(fleetDefault.getMessage().contains("every miner that does not set its own standbyWatts"),
        fleetDefault.getMessage());
  }
}
