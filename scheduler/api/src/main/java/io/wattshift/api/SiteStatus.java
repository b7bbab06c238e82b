package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Live site headroom, refreshed by the scheduler at a bounded rate. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class SiteStatus {
  private Double limitKilowatts;
  private Double aiKilowatts;
  private Double miningKilowatts;
  private Double freeKilowatts;
  private Double energyPriceUsdPerMegawattHour;
  private Integer halls;
  private String updated;
  private Long observedGeneration;
  private DemandResponseStatus demandResponse;
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
  public Double getEnergyPriceUsdPerMegawattHour() { return energyPriceUsdPerMegawattHour; }
  public void setEnergyPriceUsdPerMegawattHour(Double energyPriceUsdPerMegawattHour) { this.energyPriceUsdPerMegawattHour = energyPriceUsdPerMegawattHour; }
  public Integer getHalls() { return halls; }
  public void setHalls(Integer halls) { this.halls = halls; }
  public String getUpdated() { return updated; }
  public void setUpdated(String updated) { this.updated = updated; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public DemandResponseStatus getDemandResponse() { return demandResponse; }
  public void setDemandResponse(DemandResponseStatus demandResponse) { this.demandResponse = demandResponse; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
}
