package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Desired state of a Hall: what the engine needs to keep it inside its power and cooling budget. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class HallSpec {
  @JsonPropertyDescription("Name of the Site this hall belongs to (its interconnect limit applies too).")
  private String site;

  @Required
  @Min(1)
  @Max(1000000)
  @JsonPropertyDescription("Power feed limit of the hall in kW.")
  private Double feedKilowatts;

  @Required
  @JsonPropertyDescription("Heat the hall can reject and how ambient temperature derates it.")
  private Cooling cooling;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("Labels that select the hall's Kubernetes nodes.")
  private Map<String, String> nodeSelector = new LinkedHashMap<>();

  @JsonPropertyDescription("Node label whose value names the node's rack (default wattshift.io/rack).")
  private String rackLabel;

  @JsonPropertyDescription("Rack (PDU) limits; a node whose rack is not listed counts only against the hall.")
  private List<Rack> racks = new ArrayList<>();

  @Min(0)
  @Max(20000)
  @JsonPropertyDescription("Host overhead of a GPU node in watts (CPUs, fans, NICs; default 800).")
  private Integer hostOverheadWatts;

  @Min(50)
  @Max(2000)
  @JsonPropertyDescription("Watts counted per GPU when its node reports no fresh telemetry (default 700).")
  private Integer gpuNameplateWatts;

  @JsonPropertyDescription("The hall's ASIC miner fleet (mining absorbs the power AI leaves idle).")
  private MinerFleet miners;

  // accessors
  public String getSite() { return site; }
  public void setSite(String site) { this.site = site; }
  public Double getFeedKilowatts() { return feedKilowatts; }
  public void setFeedKilowatts(Double feedKilowatts) { this.feedKilowatts = feedKilowatts; }
  public Cooling getCooling() { return cooling; }
  public void setCooling(Cooling cooling) { this.cooling = cooling; }
  public Map<String, String> getNodeSelector() { return nodeSelector; }
  public void setNodeSelector(Map<String, String> nodeSelector) { this.nodeSelector = nodeSelector; }
  public String getRackLabel() { return rackLabel; }
  public void setRackLabel(String rackLabel) { this.rackLabel = rackLabel; }
  public List<Rack> getRacks() { return racks; }
  public void setRacks(List<Rack> racks) { this.racks = racks; }
  public Integer getHostOverheadWatts() { return hostOverheadWatts; }
  public void setHostOverheadWatts(Integer hostOverheadWatts) { this.hostOverheadWatts = hostOverheadWatts; }
  public Integer getGpuNameplateWatts() { return gpuNameplateWatts; }
  public void setGpuNameplateWatts(Integer gpuNameplateWatts) { this.gpuNameplateWatts = gpuNameplateWatts; }
  public MinerFleet getMiners() { return miners; }
  public void setMiners(MinerFleet miners) { this.miners = miners; }
}
