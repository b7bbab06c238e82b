package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the scheduler did for the site's demand-response event (absent when none is in force). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DemandResponseStatus {
  @JsonPropertyDescription("Whether the event is in force now.")
  private Boolean active;

  @JsonPropertyDescription("The site limit the event sets, kW.")
  private Double limitKilowatts;

  @JsonPropertyDescription("When the scheduler started shedding (RFC 3339).")
  private String since;

  @JsonPropertyDescription("By when the site must be under the limit: since + withinSeconds (RFC 3339).")
  private String deadline;

  @JsonPropertyDescription("What the site draws by the scheduler's books (AI committed + mining not yet confirmed off), kW.")
  private Double drawKilowatts;

  @JsonPropertyDescription("Mining power curtailed for the event, kW (shed first).")
  private Double shedMiningKilowatts;

  @JsonPropertyDescription("GPUs whose power cap was lowered for the event (second, when the policy caps).")
  private Integer cappedGpus;

  @JsonPropertyDescription("GpuJobs / gangs preempted for the event (last resort), namespace/name.")
  private List<String> preemptedJobs = new ArrayList<>();

  // accessors
  public Boolean getActive() { return active; }
  public void setActive(Boolean active) { this.active = active; }
  public Double getLimitKilowatts() { return limitKilowatts; }
  public void setLimitKilowatts(Double limitKilowatts) { this.limitKilowatts = limitKilowatts; }
  public String getSince() { return since; }
  public void setSince(String since) { this.since = since; }
  public String getDeadline() { return deadline; }
  public void setDeadline(String deadline) { this.deadline = deadline; }
  public Double getDrawKilowatts() { return drawKilowatts; }
  public void setDrawKilowatts(Double drawKilowatts) { this.drawKilowatts = drawKilowatts; }
  public Double getShedMiningKilowatts() { return shedMiningKilowatts; }
  public void setShedMiningKilowatts(Double shedMiningKilowatts) { this.shedMiningKilowatts = shedMiningKilowatts; }
  public Integer getCappedGpus() { return cappedGpus; }
  public void setCappedGpus(Integer cappedGpus) { this.cappedGpus = cappedGpus; }
  public List<String> getPreemptedJobs() { return preemptedJobs; }
  public void setPreemptedJobs(List<String> preemptedJobs) { this.preemptedJobs = preemptedJobs; }
}
