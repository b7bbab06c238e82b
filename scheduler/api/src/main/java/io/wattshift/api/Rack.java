package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A rack (PDU) and its power limit: old mining halls were built for low rack density. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Rack {
  @Required
  private String name;
  @Required
  @Min(0)
  @Max(10000)
  private Double limitKilowatts;

  // accessors
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public Double getLimitKilowatts() { return limitKilowatts; }
  public void setLimitKilowatts(Double limitKilowatts) { this.limitKilowatts = limitKilowatts; }
}
