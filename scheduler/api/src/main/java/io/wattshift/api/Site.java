package io.wattshift.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A (former mining) site: the grid interconnect every hall shares, energy price and demand-response events. */
@Group(WattshiftApi.GROUP)
@Version(WattshiftApi.VERSION)
@Categories(WattshiftApi.CATEGORY)
@AdditionalPrinterColumn(name = "Limit kW", jsonPath = ".status.limitKilowatts", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "AI kW", jsonPath = ".status.aiKilowatts", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Mining kW", jsonPath = ".status.miningKilowatts", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Free kW", jsonPath = ".status.freeKilowatts", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Price $/MWh", jsonPath = ".status.energyPriceUsdPerMegawattHour", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Site extends CustomResource<SiteSpec, SiteStatus> {
  /** Overridden only to mark {@code spec} required in the CRD schema. */
  @Override
  @Required
  public SiteSpec getSpec() {
    return super.getSpec();
  }
}
