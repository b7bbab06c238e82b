package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** One ASIC miner: its API endpoint, nameplate power, efficiency and (optionally) its standby draw. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "!has(self.standbyWatts) || self.standbyWatts <= self.nominalWatts",
    message = "standbyWatts (what the miner draws asleep) must be at most its nominalWatts")
public class Miner {
  @Required
  private String name;

  @Required
  @JsonPropertyDescription("Host name or IP of the miner's API.")
  private String host;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("TCP port of the miner's API (default 4028).")
  private Integer port;

  @Required
  @Min(1)
  @Max(50000)
  @JsonPropertyDescription("Nameplate power in watts (counted when the miner does not confirm a curtail).")
  private Double nominalWatts;

  @Required
  @Min(1)
  @Max(500)
  @JsonPropertyDescription("Efficiency in joules per terahash.")
  private Double efficiencyJoulesPerTerahash;

  @Min(0)
  @Max(50000)
  @JsonPropertyDescription("The most this miner draws asleep, in watts (overrides the fleet's standbyWatts). The hall "
      + "books this much for it while it sleeps; a sleeping miner reporting more counts as awake, at nominalWatts.")
  private Double standbyWatts;

  @JsonPropertyDescription("Rack the miner sits in (its power counts against that rack).")
  private String rack;

  // accessors
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getHost() { return host; }
  public void setHost(String host) { this.host = host; }
  public Integer getPort() { return port; }
  public void setPort(Integer port) { this.port = port; }
  public Double getNominalWatts() { return nominalWatts; }
  public void setNominalWatts(Double nominalWatts) { this.nominalWatts = nominalWatts; }
  public Double getEfficiencyJoulesPerTerahash() { return efficiencyJoulesPerTerahash; }
  public void setEfficiencyJoulesPerTerahash(Double efficiencyJoulesPerTerahash) { this.efficiencyJoulesPerTerahash = efficiencyJoulesPerTerahash; }
  public Double getStandbyWatts() { return standbyWatts; }
  public void setStandbyWatts(Double standbyWatts) { this.standbyWatts = standbyWatts; }
  public String getRack() { return rack; }
  public void setRack(String rack) { this.rack = rack; }
}
