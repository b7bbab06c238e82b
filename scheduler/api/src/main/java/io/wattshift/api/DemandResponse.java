package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A grid event: shed load (mining first, then GPU caps, then preemptible AI) to a site limit within a deadline. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DemandResponse {
  @Required
  @Min(0)
  @JsonPropertyDescription("Site power limit in kW while the event lasts.")
  private Double limitKilowatts;

  @Min(1)
  @Max(3600)
  @JsonPropertyDescription("Deadline in seconds to reach the limit (default 60).")
  private Integer withinSeconds;

  @JsonPropertyDescription("RFC 3339 start (default: now).")
  private String startTime;

  @JsonPropertyDescription("RFC 3339 end (default: until removed).")
  private String endTime;

  // accessors
  public Double getLimitKilowatts() { return limitKilowatts; }
  public void setLimitKilowatts(Double limitKilowatts) { this.limitKilowatts = limitKilowatts; }
  public Integer getWithinSeconds() { return withinSeconds; }
  public void setWithinSeconds(Integer withinSeconds) { this.withinSeconds = withinSeconds; }
  public String getStartTime() { return startTime; }
  public void setStartTime(String startTime) { this.startTime = startTime; }
  public String getEndTime() { return endTime; }
  public void setEndTime(String endTime) { this.endTime = endTime; }
}
