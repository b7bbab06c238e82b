package io.wattshift.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Operator policy: reserve, GPU capping, thermal thresholds, mining economics, placement strategy, tenant quotas.
 * The oldest PowerPolicy is the one in force; others get an {@code Active=False} condition.
 */
@Group(WattshiftApi.GROUP)
@Version(WattshiftApi.VERSION)
@Categories(WattshiftApi.CATEGORY)
@AdditionalPrinterColumn(name = "Reserve kW", jsonPath = ".spec.reserveKilowatts", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Capping", jsonPath = ".spec.capping.mode")
@AdditionalPrinterColumn(name = "Placement", jsonPath = ".spec.placement")
@AdditionalPrinterColumn(name = "Active", jsonPath = ".status.conditions[?(@.type==\"Active\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class PowerPolicy extends CustomResource<PowerPolicySpec, PowerPolicyStatus> {
}
