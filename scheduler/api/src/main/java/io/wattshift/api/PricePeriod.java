package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A daily period [startHour, endHour) in UTC with its price. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "self.startHour < self.endHour", message = "startHour must be before endHour")
public class PricePeriod {
  @Required
  @Min(0)
  @Max(23)
  private Integer startHour;
  @Required
  @Min(1)
  @Max(24)
  private Integer endHour;
  @Required
  @Min(-10000)
  @Max(100000)
  private Double usdPerMegawattHour;

  // accessors
  public Integer getStartHour() { return startHour; }
  public void setStartHour(Integer startHour) { this.startHour = startHour; }
  public Integer getEndHour() { return endHour; }
  public void setEndHour(Integer endHour) { this.endHour = endHour; }
  public Double getUsdPerMegawattHour() { return usdPerMegawattHour; }
  public void setUsdPerMegawattHour(Double usdPerMegawattHour) { this.usdPerMegawattHour = usdPerMegawattHour; }
}
