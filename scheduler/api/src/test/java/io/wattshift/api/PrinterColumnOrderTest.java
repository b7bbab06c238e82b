package io.wattshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rewrite that puts crd-generator's columns (sorted by JSON path) back in the classes' declaration order. */
class PrinterColumnOrderTest {
  // the shape crd-generator 8 writes: list items at the key's column, quoted scalars, columns sorted by jsonPath
  private static final String GENERATED = """
      spec:
        versions:
        - additionalPrinterColumns:
          - jsonPath: ".metadata.creationTimestamp"
            name: "Age"
            priority: 0
            type: "date"
          - jsonPath: ".status.conditions[?(@.type==\\"Active\\")].status"
            name: "Active"
            priority: 0
            type: "string"
          - jsonPath: ".status.extra"
            name: "Extra"
            priority: 0
            type: "string"
          - jsonPath: ".status.phase"
            name: "Phase"
            priority: 0
            type: "string"
          name: "v1alpha1"
          schema:
            openAPIV3Schema:
              properties:
                name:
                  type: "string"
        - additionalPrinterColumns:
          - name: "Age"
            jsonPath: ".metadata.creationTimestamp"
          - name: "Phase"
            jsonPath: ".status.phase"
          name: "v1beta1"
      """;

  @Test
  void everyVersionsColumnsFollowTheDeclaredOrderAndUndeclaredOnesFollowInTheirOwnOrder() {
    String expected = """
        spec:
          versions:
          - additionalPrinterColumns:
            - jsonPath: ".status.phase"
              name: "Phase"
              priority: 0
              type: "string"
            - jsonPath: ".status.conditions[?(@.type==\\"Active\\")].status"
              name: "Active"
              priority: 0
              type: "string"
            - jsonPath: ".metadata.creationTimestamp"
              name: "Age"
              priority: 0
              type: "date"
            - jsonPath: ".status.extra"
              name: "Extra"
              priority: 0
              type: "string"
            name: "v1alpha1"
            schema:
              openAPIV3Schema:
                properties:
                  name:
                    type: "string"
          - additionalPrinterColumns:
            - name: "Phase"
              jsonPath: ".status.phase"
            - name: "Age"
              jsonPath: ".metadata.creationTimestamp"
            name: "v1beta1"
        """;
    String once = PrinterColumnOrder.reorder(GENERATED, List.of("Phase", "Active", "Age"));
    assertEquals(expected, once);
    assertEquals(once, PrinterColumnOrder.reorder(once, List.of("Phase", "Active", "Age")), "idempotent");
  }

  @Test
  void declaredOrderIsTheOrderOfTheAnnotationsOnTheClass() {
    assertEquals(List.of("Type", "Phase", "GPUs", "kW", "Hall", "Age"), PrinterColumnOrder.declaredColumns(GpuJob.class));
    assertEquals(List.of("Limit kW", "AI kW", "Mining kW", "Free kW", "Cooling %", "Age"),
        PrinterColumnOrder.declaredColumns(Hall.class));
    assertEquals(List.of("Hall", "kW", "State", "Age"), PrinterColumnOrder.declaredColumns(MiningLease.class));
  }

  @Test
  void aColumnWithoutAQuotedNameIsAnErrorNotASilentReorder() {
    String unquoted = "versions:\n- additionalPrinterColumns:\n  - jsonPath: .spec.x\n    name: X\n  name: v1\n";
    assertThrows(IllegalStateException.class, () -> PrinterColumnOrder.reorder(unquoted, List.of("X")));
  }
}
