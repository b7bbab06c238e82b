package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** One ASIC miner: its API endpoint, nameplate power and efficiency. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
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
  public String getRack() { return rack; }
  public void setRack(String rack) { this.rack = rack; }
}
