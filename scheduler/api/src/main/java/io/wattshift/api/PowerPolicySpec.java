package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;

/**
 * Desired operator policy. Every field is optional; an unset field takes the engine's default
 * ({@code io.wattshift.engine.model.Policy.defaults()}), which each description states (a test in the scheduler checks
 * that they agree).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PowerPolicySpec {
  @Min(0)
  @Max(1000000)
  @JsonPropertyDescription("Power kept free in every hall in kW (never committed to AI or mining); when set it replaces the default reserve of 5% of every hall feed and site interconnect.")
  private Double reserveKilowatts;

  @JsonPropertyDescription("GPU power capping.")
  private Capping capping;

  @JsonPropertyDescription("Thermal thresholds.")
  private Thermal thermal;

  @JsonPropertyDescription("Mining economics and hysteresis.")
  private MiningPolicy mining;

  @JsonPropertyDescription("BinPack (fill halls and racks) or Spread.")
  private PlacementStrategy placement;

  @Min(0)
  @Max(1000000)
  @JsonPropertyDescription("Above this energy price in $/MWh preemptible AI is checkpointed and paused (default: never).")
  private Double pausePreemptibleAboveUsdPerMegawattHour;

  @JsonPropertyDescription("Power quotas per tenant.")
  private List<TenantQuota> tenantQuotas = new ArrayList<>();

  // accessors
  public Double getReserveKilowatts() { return reserveKilowatts; }
  public void setReserveKilowatts(Double reserveKilowatts) { this.reserveKilowatts = reserveKilowatts; }
  public Capping getCapping() { return capping; }
  public void setCapping(Capping capping) { this.capping = capping; }
  public Thermal getThermal() { return thermal; }
  public void setThermal(Thermal thermal) { this.thermal = thermal; }
  public MiningPolicy getMining() { return mining; }
  public void setMining(MiningPolicy mining) { this.mining = mining; }
  public PlacementStrategy getPlacement() { return placement; }
  public void setPlacement(PlacementStrategy placement) { this.placement = placement; }
  public Double getPausePreemptibleAboveUsdPerMegawattHour() { return pausePreemptibleAboveUsdPerMegawattHour; }
  public void setPausePreemptibleAboveUsdPerMegawattHour(Double pausePreemptibleAboveUsdPerMegawattHour) { this.pausePreemptibleAboveUsdPerMegawattHour = pausePreemptibleAboveUsdPerMegawattHour; }
  public List<TenantQuota> getTenantQuotas() { return tenantQuotas; }
  public void setTenantQuotas(List<TenantQuota> tenantQuotas) { this.tenantQuotas = tenantQuotas; }
}
