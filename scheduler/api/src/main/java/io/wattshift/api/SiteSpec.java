package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Desired state of a Site. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class SiteSpec {
  @Required
  @Min(1)
  @Max(10000000)
  @JsonPropertyDescription("Grid interconnect limit of the whole site in kW.")
  private Double interconnectKilowatts;

  @Min(0)
  @JsonPropertyDescription("Site-wide reserve in kW never committed (default 0).")
  private Double reserveKilowatts;

  @JsonPropertyDescription("Energy price: flat, or time-of-use periods.")
  private EnergyPrice energyPrice;

  @Min(0)
  @JsonPropertyDescription("Mining hashprice in $/TH/day (revenue side of the mining decision).")
  private Double hashpriceUsdPerTerahashDay;

  @JsonPropertyDescription("Active demand-response (grid) event: curtail the site to a limit within a deadline.")
  private DemandResponse demandResponse;

  // accessors
  public Double getInterconnectKilowatts() { return interconnectKilowatts; }
  public void setInterconnectKilowatts(Double interconnectKilowatts) { this.interconnectKilowatts = interconnectKilowatts; }
  public Double getReserveKilowatts() { return reserveKilowatts; }
  public void setReserveKilowatts(Double reserveKilowatts) { this.reserveKilowatts = reserveKilowatts; }
  public EnergyPrice getEnergyPrice() { return energyPrice; }
  public void setEnergyPrice(EnergyPrice energyPrice) { this.energyPrice = energyPrice; }
  public Double getHashpriceUsdPerTerahashDay() { return hashpriceUsdPerTerahashDay; }
  public void setHashpriceUsdPerTerahashDay(Double hashpriceUsdPerTerahashDay) { this.hashpriceUsdPerTerahashDay = hashpriceUsdPerTerahashDay; }
  public DemandResponse getDemandResponse() { return demandResponse; }
  public void setDemandResponse(DemandResponse demandResponse) { this.demandResponse = demandResponse; }
}
