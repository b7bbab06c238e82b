package io.wattshift.api;

/** What a GpuJob runs: a gang that finishes, or a service that keeps replicas up. */
public enum GpuJobType {
  Training, Inference
}
