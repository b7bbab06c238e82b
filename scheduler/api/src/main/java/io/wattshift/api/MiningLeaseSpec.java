package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** Desired lease: how much of the hall's power mining may draw. 0 kW means curtail everything. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class MiningLeaseSpec {
  @Required
  @JsonPropertyDescription("Name of the Hall whose miners run under this lease.")
  private String hall;

  @Required
  @Min(0)
  @Max(1000000)
  @JsonPropertyDescription("Power granted to mining in kW.")
  private Double kilowatts;

  @JsonPropertyDescription("Miners to run (default: the adapter picks the best J/TH first).")
  private List<String> miners = new ArrayList<>();

  @JsonPropertyDescription("Why the lease has this size (e.g. idle power, AI arrival, grid event).")
  private String reason;

  // accessors
  public String getHall() { return hall; }
  public void setHall(String hall) { this.hall = hall; }
  public Double getKilowatts() { return kilowatts; }
  public void setKilowatts(Double kilowatts) { this.kilowatts = kilowatts; }
  public List<String> getMiners() { return miners; }
  public void setMiners(List<String> miners) { this.miners = miners; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
}
