package io.wattshift.engine.constraints;

import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.Policy;

/**
 * What is being placed: {@code pods} pods of {@code job} under {@code policy}.
 *
 * @param job           the job
 * @param pods          pods placed together (a gang, or one replica)
 * @param desiredLimitW per-GPU limit the job and the policy ask for, W; 0 = each GPU's default
 * @param policy        the policy in force
 * @param curtail       whether mining leases count as free (the admission view with curtailment)
 */
public record Ask(JobSpec job, int pods, double desiredLimitW, Policy policy, boolean curtail) {
    public int gpusPerPod() {
        return job.gpusPerPod();
    }

    public double reserve() {
        return policy.reserveFraction();
    }
}
