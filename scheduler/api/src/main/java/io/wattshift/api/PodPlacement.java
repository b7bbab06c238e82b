package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where one pod of a job was bound and the power it committed there. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PodPlacement {
  private String pod;
  private String node;
  private String hall;
  private String rack;
  private Integer gpus;
  private Double committedWatts;

  // accessors
  public String getPod() { return pod; }
  public void setPod(String pod) { this.pod = pod; }
  public String getNode() { return node; }
  public void setNode(String node) { this.node = node; }
  public String getHall() { return hall; }
  public void setHall(String hall) { this.hall = hall; }
  public String getRack() { return rack; }
  public void setRack(String rack) { this.rack = rack; }
  public Integer getGpus() { return gpus; }
  public void setGpus(Integer gpus) { this.gpus = gpus; }
  public Double getCommittedWatts() { return committedWatts; }
  public void setCommittedWatts(Double committedWatts) { this.committedWatts = committedWatts; }
}
