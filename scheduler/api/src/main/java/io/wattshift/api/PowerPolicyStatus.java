package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Whether the policy is the one in force. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PowerPolicyStatus {
  private Long observedGeneration;
  private List<Condition> conditions = new ArrayList<>();

  // accessors
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
}
