package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** Desired state of a GpuJob. Cross-field rules are CEL, checked by the API server. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "self.type != 'Training' || has(self.workers)", message = "a Training job needs spec.workers")
@ValidationRule(value = "self.type != 'Inference' || has(self.replicas)", message = "an Inference job needs spec.replicas")
@ValidationRule(value = "self.type != 'Training' || !has(self.replicas)",
    message = "spec.replicas is for Inference jobs; a Training job sets spec.workers")
@ValidationRule(value = "self.type != 'Inference' || !has(self.workers)",
    message = "spec.workers is for Training jobs; an Inference job sets spec.replicas")
@ValidationRule(value = "!has(self.minAvailable) || (has(self.replicas) && self.minAvailable <= self.replicas)",
    message = "spec.minAvailable must be at most spec.replicas")
@ValidationRule(value = "!has(self.topology) || self.topology != 'SameRack' || self.type == 'Training' || (has(self.gang) && self.gang)",
    message = "topology SameRack needs a gang: a Training job, or gang: true")
public class GpuJobSpec {
  @Required
  @JsonPropertyDescription("Training (a gang of workers that finishes) or Inference (replicas kept running).")
  private GpuJobType type;

  @Min(1)
  @Max(4096)
  @JsonPropertyDescription("Training: number of worker pods, placed all-or-nothing.")
  private Integer workers;

  @Min(1)
  @Max(4096)
  @JsonPropertyDescription("Inference: number of replica pods.")
  private Integer replicas;

  @Min(1)
  @JsonPropertyDescription("Inference: replicas that must be placed together before any binds (default: replicas).")
  private Integer minAvailable;

  @Required
  @Min(1)
  @Max(16)
  @JsonPropertyDescription("GPUs each pod asks for (nvidia.com/gpu).")
  private Integer gpusPerWorker;

  @JsonPropertyDescription("Inference only: place replicas all-or-nothing as one gang (Training jobs always are).")
  private Boolean gang;

  @Min(0)
  @Max(1000000)
  @JsonPropertyDescription("Higher runs first; may preempt lower-priority preemptible work.")
  private Integer priority;

  @JsonPropertyDescription("May be preempted (checkpointed and deleted) for higher-priority work or price spikes.")
  private Boolean preemptible;

  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Fair-share queue (default: the namespace).")
  private String queue;

  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Tenant charged for the job's power (default: the namespace).")
  private String tenant;

  @JsonPropertyDescription("Any, SameHall or SameRack (SameRack needs a gang).")
  private Topology topology;

  @Min(100)
  @Max(1500)
  @JsonPropertyDescription("GPU power cap in watts for the job's GPUs (default: the policy's cap or the GPU's limit).")
  private Integer powerCapWatts;

  @JsonPropertyDescription("Never, or OnFailure (recreate failed pods, the whole gang for Training).")
  private JobRestartPolicy restartPolicy;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Restarts allowed before the job fails (default 3).")
  private Integer backoffLimit;

  @Required
  @JsonPropertyDescription("Pod template of every worker or replica; the scheduler adds the GPU request, schedulerName and gang annotations.")
  private PodTemplateSpec template;

  // accessors
  public GpuJobType getType() { return type; }
  public void setType(GpuJobType type) { this.type = type; }
  public Integer getWorkers() { return workers; }
  public void setWorkers(Integer workers) { this.workers = workers; }
  public Integer getReplicas() { return replicas; }
  public void setReplicas(Integer replicas) { this.replicas = replicas; }
  public Integer getMinAvailable() { return minAvailable; }
  public void setMinAvailable(Integer minAvailable) { this.minAvailable = minAvailable; }
  public Integer getGpusPerWorker() { return gpusPerWorker; }
  public void setGpusPerWorker(Integer gpusPerWorker) { this.gpusPerWorker = gpusPerWorker; }
  public Boolean getGang() { return gang; }
  public void setGang(Boolean gang) { this.gang = gang; }
  public Integer getPriority() { return priority; }
  public void setPriority(Integer priority) { this.priority = priority; }
  public Boolean getPreemptible() { return preemptible; }
  public void setPreemptible(Boolean preemptible) { this.preemptible = preemptible; }
  public String getQueue() { return queue; }
  public void setQueue(String queue) { this.queue = queue; }
  public String getTenant() { return tenant; }
  public void setTenant(String tenant) { this.tenant = tenant; }
  public Topology getTopology() { return topology; }
  public void setTopology(Topology topology) { this.topology = topology; }
  public Integer getPowerCapWatts() { return powerCapWatts; }
  public void setPowerCapWatts(Integer powerCapWatts) { this.powerCapWatts = powerCapWatts; }
  public JobRestartPolicy getRestartPolicy() { return restartPolicy; }
  public void setRestartPolicy(JobRestartPolicy restartPolicy) { this.restartPolicy = restartPolicy; }
  public Integer getBackoffLimit() { return backoffLimit; }
  public void setBackoffLimit(Integer backoffLimit) { this.backoffLimit = backoffLimit; }
  public PodTemplateSpec getTemplate() { return template; }
  public void setTemplate(PodTemplateSpec template) { this.template = template; }
}
