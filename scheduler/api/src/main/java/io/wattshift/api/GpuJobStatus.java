package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a GpuJob, written by the scheduler. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class GpuJobStatus {
  private JobPhase phase;
  @JsonPropertyDescription("GPUs the job asks for in total.")
  private Integer gpus;
  @JsonPropertyDescription("Power committed for the job's bound pods (GPUs at their cap, host share, cooling overhead).")
  private Double committedKilowatts;
  @JsonPropertyDescription("Hall(s) the job runs in, comma separated.")
  private String hall;
  @JsonPropertyDescription("Machine-readable reason of the current phase, e.g. InsufficientPower.")
  private String reason;
  @JsonPropertyDescription("Human-readable detail, e.g. the engine's reason why the job does not fit.")
  private String message;
  private Integer readyPods;
  private Integer restarts;
  private String startTime;
  private String completionTime;
  private Long observedGeneration;
  private List<PodPlacement> placements = new ArrayList<>();
  private List<Condition> conditions = new ArrayList<>();

  // accessors
  public JobPhase getPhase() { return phase; }
  public void setPhase(JobPhase phase) { this.phase = phase; }
  public Integer getGpus() { return gpus; }
  public void setGpus(Integer gpus) { this.gpus = gpus; }
  public Double getCommittedKilowatts() { return committedKilowatts; }
  public void setCommittedKilowatts(Double committedKilowatts) { this.committedKilowatts = committedKilowatts; }
  public String getHall() { return hall; }
  public void setHall(String hall) { this.hall = hall; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public Integer getReadyPods() { return readyPods; }
  public void setReadyPods(Integer readyPods) { this.readyPods = readyPods; }
  public Integer getRestarts() { return restarts; }
  public void setRestarts(Integer restarts) { this.restarts = restarts; }
  public String getStartTime() { return startTime; }
  public void setStartTime(String startTime) { this.startTime = startTime; }
  public String getCompletionTime() { return completionTime; }
  public void setCompletionTime(String completionTime) { this.completionTime = completionTime; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<PodPlacement> getPlacements() { return placements; }
  public void setPlacements(List<PodPlacement> placements) { this.placements = placements; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
}
