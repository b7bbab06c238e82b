package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Committed power of one rack. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RackStatus {
  private String name;
  private Double limitKilowatts;
  private Double committedKilowatts;

  // accessors
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public Double getLimitKilowatts() { return limitKilowatts; }
  public void setLimitKilowatts(Double limitKilowatts) { this.limitKilowatts = limitKilowatts; }
  public Double getCommittedKilowatts() { return committedKilowatts; }
  public void setCommittedKilowatts(Double committedKilowatts) { this.committedKilowatts = committedKilowatts; }
}
