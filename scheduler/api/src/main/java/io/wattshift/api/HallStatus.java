package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Live hall headroom, refreshed by the scheduler at a bounded rate. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class HallStatus {
  @JsonPropertyDescription("Effective limit in kW: the feed, less reserve.")
  private Double limitKilowatts;
  @JsonPropertyDescription("Power committed to AI placements in kW (GPUs, host overhead, cooling overhead).")
  private Double aiKilowatts;
  @JsonPropertyDescription("Power of active mining leases in kW.")
  private Double miningKilowatts;
  @JsonPropertyDescription("limit - AI - mining, in kW.")
  private Double freeKilowatts;
  @JsonPropertyDescription("Heat load as a percentage of the derated cooling capacity.")
  private Double coolingPercent;
  private Double coolingCapacityKilowatts;
  private Integer nodes;
  private Integer gpus;
  private Integer gpusFree;
  private List<RackStatus> racks = new ArrayList<>();
  private String updated;
  private Long observedGeneration;
  private List<Condition> conditions = new ArrayList<>();

  // accessors
  public Double getLimitKilowatts() { return limitKilowatts; }
  public void setLimitKilowatts(Double limitKilowatts) { this.limitKilowatts = limitKilowatts; }
  public Double getAiKilowatts() { return aiKilowatts; }
  public void setAiKilowatts(Double aiKilowatts) { this.aiKilowatts = aiKilowatts; }
  public Double getMiningKilowatts() { return miningKilowatts; }
  public void setMiningKilowatts(Double miningKilowatts) { this.miningKilowatts = miningKilowatts; }
  public Double getFreeKilowatts() { return freeKilowatts; }
  public void setFreeKilowatts(Double freeKilowatts) { this.freeKilowatts = freeKilowatts; }
  public Double getCoolingPercent() { return coolingPercent; }
  public void setCoolingPercent(Double coolingPercent) { this.coolingPercent = coolingPercent; }
  public Double getCoolingCapacityKilowatts() { return coolingCapacityKilowatts; }
  public void setCoolingCapacityKilowatts(Double coolingCapacityKilowatts) { this.coolingCapacityKilowatts = coolingCapacityKilowatts; }
  public Integer getNodes() { return nodes; }
  public void setNodes(Integer nodes) { this.nodes = nodes; }
  public Integer getGpus() { return gpus; }
  public void setGpus(Integer gpus) { this.gpus = gpus; }
  public Integer getGpusFree() { return gpusFree; }
  public void setGpusFree(Integer gpusFree) { this.gpusFree = gpusFree; }
  public List<RackStatus> getRacks() { return racks; }
  public void setRacks(List<RackStatus> racks) { this.racks = racks; }
  public String getUpdated() { return updated; }
  public void setUpdated(String updated) { this.updated = updated; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
}
