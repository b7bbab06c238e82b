package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Thermal thresholds. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Thermal {
  @Min(0)
  @Max(50)
  @JsonPropertyDescription("GPUs within this many degrees of their slowdown threshold score worse (default 5).")
  private Double hotMarginCelsius;

  @Min(1)
  @Max(3600)
  @JsonPropertyDescription("Seconds after which a node's telemetry is stale: it then counts at nameplate power, and the scheduler's stale-node metric counts it (default 30).")
  private Integer staleTelemetrySeconds;

  // accessors
  public Double getHotMarginCelsius() { return hotMarginCelsius; }
  public void setHotMarginCelsius(Double hotMarginCelsius) { this.hotMarginCelsius = hotMarginCelsius; }
  public Integer getStaleTelemetrySeconds() { return staleTelemetrySeconds; }
  public void setStaleTelemetrySeconds(Integer staleTelemetrySeconds) { this.staleTelemetrySeconds = staleTelemetrySeconds; }
}
