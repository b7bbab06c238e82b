package io.wattshift.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** Power of one hall leased to its miner fleet; created and resized by the scheduler, enacted by the fleet adapter. */
@Group(WattshiftApi.GROUP)
@Version(WattshiftApi.VERSION)
@Categories(WattshiftApi.CATEGORY)
@AdditionalPrinterColumn(name = "Hall", jsonPath = ".spec.hall")
@AdditionalPrinterColumn(name = "kW", jsonPath = ".spec.kilowatts", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MiningLease extends CustomResource<MiningLeaseSpec, MiningLeaseStatus> {
  /** Overridden only to mark {@code spec} required in the CRD schema. */
  @Override
  @Required
  public MiningLeaseSpec getSpec() {
    return super.getSpec();
  }
}
