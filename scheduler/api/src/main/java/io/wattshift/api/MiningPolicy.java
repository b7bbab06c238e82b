package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Mining economics: idle power is leased to mining while hashprice / (0.024 x J/TH) exceeds the energy price plus
 * {@code marginUsdPerMegawattHour}; hysteresis keeps miners from cycling.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class MiningPolicy {
  @JsonPropertyDescription("Lease idle power to mining at all (default true).")
  private Boolean enabled;

  @Min(-10000)
  @Max(100000)
  @JsonPropertyDescription("Revenue margin over the energy price mining must earn, in $/MWh (default 5).")
  private Double marginUsdPerMegawattHour;

  @Min(0)
  @Max(100000)
  @JsonPropertyDescription("A lease grows only by at least this many kW, against churn (default 50).")
  private Double hysteresisKilowatts;

  @Min(0)
  @Max(86400)
  @JsonPropertyDescription("Minimum seconds a lease runs before it is released for price reasons; AI and limits curtail at once (default 900).")
  private Integer minLeaseSeconds;

  @Min(0)
  @Max(86400)
  @JsonPropertyDescription("Minimum seconds mining stays off: the engine offers no new lease this long after a price release, and the fleet keeps a curtailed miner asleep this long (default 300).")
  private Integer minOffSeconds;

  @Min(1)
  @Max(600)
  @JsonPropertyDescription("Seconds the miner fleet waits for miners to confirm a curtailment (default 10, the fleet's; a Hall's miners.curtailConfirmSeconds overrides it). AI power held for a curtailment binds only once it is confirmed.")
  private Integer curtailTimeoutSeconds;

  // accessors
  public Boolean getEnabled() { return enabled; }
  public void setEnabled(Boolean enabled) { this.enabled = enabled; }
  public Double getMarginUsdPerMegawattHour() { return marginUsdPerMegawattHour; }
  public void setMarginUsdPerMegawattHour(Double marginUsdPerMegawattHour) { this.marginUsdPerMegawattHour = marginUsdPerMegawattHour; }
  public Double getHysteresisKilowatts() { return hysteresisKilowatts; }
  public void setHysteresisKilowatts(Double hysteresisKilowatts) { this.hysteresisKilowatts = hysteresisKilowatts; }
  public Integer getMinLeaseSeconds() { return minLeaseSeconds; }
  public void setMinLeaseSeconds(Integer minLeaseSeconds) { this.minLeaseSeconds = minLeaseSeconds; }
  public Integer getMinOffSeconds() { return minOffSeconds; }
  public void setMinOffSeconds(Integer minOffSeconds) { this.minOffSeconds = minOffSeconds; }
  public Integer getCurtailTimeoutSeconds() { return curtailTimeoutSeconds; }
  public void setCurtailTimeoutSeconds(Integer curtailTimeoutSeconds) { this.curtailTimeoutSeconds = curtailTimeoutSeconds; }
}
