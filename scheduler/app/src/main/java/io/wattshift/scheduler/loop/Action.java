package io.wattshift.scheduler.loop;

import java.util.List;

/** What the placement port asks the Kubernetes side to do after a step. */
public sealed interface Action {
  /** Bind the gang's pods to nodes, all or nothing. {@code nodes} maps pod key ("ns/name") to node name. */
  record BindGang(String gang, java.util.Map<String, String> nodes) implements Action {
    public BindGang {
      nodes = java.util.Map.copyOf(nodes);
    }
  }

  /** The gang stays pending; {@code message} is the engine's reason, readable by a tenant. */
  record Unschedulable(String gang, PendingReason reason, String message) implements Action {
  }

  /** The gang is placed but waits for mining to curtail before it binds. */
  record WaitingForPower(String gang, String message) implements Action {
  }

  /** Delete the pods of these gangs to make room (they are requeued by their controllers). */
  record Preempt(String forGang, List<String> victims, String message) implements Action {
    public Preempt {
      victims = List.copyOf(victims);
    }
  }

  /**
   * Suspend the gang for price: each live pod is asked to checkpoint ({@code wattshift.io/checkpoint-requested})
   * and deleted with {@code graceSeconds}; its controller recreates it and the engine places it when the price falls.
   */
  record Suspend(String gang, String message, long graceSeconds) implements Action {
  }
}
