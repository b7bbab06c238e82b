package io.wattshift.api;

/** What the job controller does when a pod of the job fails. */
public enum JobRestartPolicy {
  /** The job fails with the first failed pod. */
  Never,
  /** The failed pod (or, for a gang, the whole gang) is recreated until {@code backoffLimit} restarts. */
  OnFailure
}
