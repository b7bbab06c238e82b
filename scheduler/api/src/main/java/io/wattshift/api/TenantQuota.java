package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Maximum power a tenant's jobs may commit across the site. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class TenantQuota {
  @Required
  private String tenant;
  @Required
  @Min(0)
  private Double maxKilowatts;

  // accessors
  public String getTenant() { return tenant; }
  public void setTenant(String tenant) { this.tenant = tenant; }
  public Double getMaxKilowatts() { return maxKilowatts; }
  public void setMaxKilowatts(Double maxKilowatts) { this.maxKilowatts = maxKilowatts; }
}
