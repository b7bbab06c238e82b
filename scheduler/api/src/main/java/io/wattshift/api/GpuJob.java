package io.wattshift.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A tenant's GPU workload: a training gang (workers x GPUs) or an inference service (replicas x GPUs). */
@Group(WattshiftApi.GROUP)
@Version(WattshiftApi.VERSION)
@ShortNames("gj")
@Categories(WattshiftApi.CATEGORY)
@AdditionalPrinterColumn(name = "Type", jsonPath = ".spec.type")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "GPUs", jsonPath = ".status.gpus", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "kW", jsonPath = ".status.committedKilowatts", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Hall", jsonPath = ".status.hall")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class GpuJob extends CustomResource<GpuJobSpec, GpuJobStatus> implements Namespaced {
  /** Overridden only to mark {@code spec} required in the CRD schema. */
  @Override
  @Required
  public GpuJobSpec getSpec() {
    return super.getSpec();
  }
}
