package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** GPU power capping. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "!has(self.mode) || self.mode != 'Fixed' || has(self.capWatts)", message = "capping mode Fixed needs capWatts")
public class Capping {
  @JsonPropertyDescription("Off, Fixed or Oversubscribe (default Off).")
  private CappingMode mode;

  @Min(100)
  @Max(1500)
  @JsonPropertyDescription("GPU cap in watts for mode Fixed; the lowest cap Oversubscribe sets (default 500).")
  private Integer capWatts;

  // accessors
  public CappingMode getMode() { return mode; }
  public void setMode(CappingMode mode) { this.mode = mode; }
  public Integer getCapWatts() { return capWatts; }
  public void setCapWatts(Integer capWatts) { this.capWatts = capWatts; }
}
