package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * Cooling of a hall. Capacity at ambient t is {@code capacityKilowatts * (1 - deratingPercentPerDegree/100 *
 * max(0, t - ratedAmbientCelsius))}; every committed IT kW also costs {@code overheadPercent} of itself in
 * cooling power against the feed.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Cooling {
  @Required
  @Min(0)
  @Max(1000000)
  @JsonPropertyDescription("Heat the hall can reject in kW at the rated ambient.")
  private Double capacityKilowatts;

  @Min(-40)
  @Max(60)
  @JsonPropertyDescription("Ambient temperature in Celsius at which capacityKilowatts is rated (default 25).")
  private Double ratedAmbientCelsius;

  @Min(0)
  @Max(20)
  @JsonPropertyDescription("Capacity lost per degree above the rated ambient, in percent (default 0).")
  private Double deratingPercentPerDegree;

  @Min(-40)
  @Max(60)
  @JsonPropertyDescription("Current ambient in Celsius when no sensor reports one (default: the rated ambient).")
  private Double ambientCelsius;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Cooling power as a percentage of IT power (PUE - 1, in percent; default 0).")
  private Double overheadPercent;

  // accessors
  public Double getCapacityKilowatts() { return capacityKilowatts; }
  public void setCapacityKilowatts(Double capacityKilowatts) { this.capacityKilowatts = capacityKilowatts; }
  public Double getRatedAmbientCelsius() { return ratedAmbientCelsius; }
  public void setRatedAmbientCelsius(Double ratedAmbientCelsius) { this.ratedAmbientCelsius = ratedAmbientCelsius; }
  public Double getDeratingPercentPerDegree() { return deratingPercentPerDegree; }
  public void setDeratingPercentPerDegree(Double deratingPercentPerDegree) { this.deratingPercentPerDegree = deratingPercentPerDegree; }
  public Double getAmbientCelsius() { return ambientCelsius; }
  public void setAmbientCelsius(Double ambientCelsius) { this.ambientCelsius = ambientCelsius; }
  public Double getOverheadPercent() { return overheadPercent; }
  public void setOverheadPercent(Double overheadPercent) { this.overheadPercent = overheadPercent; }
}
