package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A grid event: shed load (mining first, then GPU caps, then preemptible AI) to a site limit within a deadline. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DemandResponse {
  /**
   * RFC 3339 date-time (what {@code format: date-time} means; the CRD generator writes no format for a String, so the
   * pattern states it). The API server refuses anything else.
   */
  public static final String RFC3339 =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$";

  @Required
  @Min(0)
  @JsonPropertyDescription("Site power limit in kW while the event lasts.")
  private Double limitKilowatts;

  @Min(1)
  @Max(3600)
  @JsonPropertyDescription("Deadline in seconds to reach the limit (default 60). The scheduler sheds at once (mining first, then GPU caps, then preemptible AI, only as far as needed); the deadline is when the site must be under the limit, checked and reported in status.demandResponse and a DemandResponse condition.")
  private Integer withinSeconds;

  // Kept a String in Java so that an object stored before the schema had the pattern still reads (the scheduler
  // reports it on the Site); the schema makes the API server refuse new bad values.
  @Pattern(RFC3339)
  @JsonPropertyDescription("RFC 3339 start, e.g. 2026-07-01T18:00:00Z (default: now).")
  private String startTime;

  @Pattern(RFC3339)
  @JsonPropertyDescription("RFC 3339 end, e.g. 2026-07-01T20:00:00Z (default: until removed).")
  private String endTime;

  // accessors
  public Double getLimitKilowatts() { return limitKilowatts; }
  public void setLimitKilowatts(Double limitKilowatts) { this.limitKilowatts = limitKilowatts; }
  /** Seconds to reach the limit, default 60. */
  public int withinSecondsOrDefault() { return withinSeconds == null ? 60 : withinSeconds; }
  public Integer getWithinSeconds() { return withinSeconds; }
  public void setWithinSeconds(Integer withinSeconds) { this.withinSeconds = withinSeconds; }
  public String getStartTime() { return startTime; }
  public void setStartTime(String startTime) { this.startTime = startTime; }
  public String getEndTime() { return endTime; }
  public void setEndTime(String endTime) { this.endTime = endTime; }
}
