package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;

/** Energy price: a flat rate, overridden by the time-of-use period covering the current hour (UTC). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class EnergyPrice {
  @Min(-10000)
  @Max(100000)
  @JsonPropertyDescription("Flat price in $/MWh.")
  private Double flatUsdPerMegawattHour;

  @JsonPropertyDescription("Time-of-use periods; the first that covers the hour wins.")
  private List<PricePeriod> timeOfUse = new ArrayList<>();

  // accessors
  public Double getFlatUsdPerMegawattHour() { return flatUsdPerMegawattHour; }
  public void setFlatUsdPerMegawattHour(Double flatUsdPerMegawattHour) { this.flatUsdPerMegawattHour = flatUsdPerMegawattHour; }
  public List<PricePeriod> getTimeOfUse() { return timeOfUse; }
  public void setTimeOfUse(List<PricePeriod> timeOfUse) { this.timeOfUse = timeOfUse; }
}
