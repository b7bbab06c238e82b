package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A Secret by name; the namespace defaults to the scheduler's own. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class SecretReference {
  @Required
  private String name;
  @JsonPropertyDescription("Namespace of the Secret (default: the scheduler's namespace).")
  private String namespace;

  // accessors
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getNamespace() { return namespace; }
  public void setNamespace(String namespace) { this.namespace = namespace; }
}
