package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a lease, written by the fleet adapter. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class MiningLeaseStatus {
  private LeaseState state;
  @JsonPropertyDescription("RFC 3339 time the lease entered its state.")
  private String since;
  @JsonPropertyDescription("Power the miners draw (reported, or nameplate when they do not answer), in kW.")
  private Double kilowatts;
  private Double hashrateTerahash;
  private Double estimatedRevenueUsdPerHour;
  private List<String> activeMiners = new ArrayList<>();
  private List<String> unhealthyMiners = new ArrayList<>();
  private Long observedGeneration;
  private List<Condition> conditions = new ArrayList<>();

  // accessors
  public LeaseState getState() { return state; }
  public void setState(LeaseState state) { this.state = state; }
  public String getSince() { return since; }
  public void setSince(String since) { this.since = since; }
  public Double getKilowatts() { return kilowatts; }
  public void setKilowatts(Double kilowatts) { this.kilowatts = kilowatts; }
  public Double getHashrateTerahash() { return hashrateTerahash; }
  public void setHashrateTerahash(Double hashrateTerahash) { this.hashrateTerahash = hashrateTerahash; }
  public Double getEstimatedRevenueUsdPerHour() { return estimatedRevenueUsdPerHour; }
  public void setEstimatedRevenueUsdPerHour(Double estimatedRevenueUsdPerHour) { this.estimatedRevenueUsdPerHour = estimatedRevenueUsdPerHour; }
  public List<String> getActiveMiners() { return activeMiners; }
  public void setActiveMiners(List<String> activeMiners) { this.activeMiners = activeMiners; }
  public List<String> getUnhealthyMiners() { return unhealthyMiners; }
  public void setUnhealthyMiners(List<String> unhealthyMiners) { this.unhealthyMiners = unhealthyMiners; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
}
