package io.wattshift.engine.model;

/** Training gangs bind all workers or none; inference binds at least minAvailable replicas at once. */
public enum JobKind {
    TRAINING,
    INFERENCE
}
