package io.wattshift.engine.constraints;

/**
 * A field of a job that a check reads. Jobs equal in every field some check reads fail alike within one
 * admission pass, which is what the failure memo relies on.
 */
public enum JobField {
    GPUS_PER_POD {
        @Override
        public Object value(Ask ask) {
            return ask.job().gpusPerPod();
        }
    },
    /** The per-GPU limit the job and the policy ask for (the job's cap under the policy's). */
    GPU_LIMIT {
        @Override
        public Object value(Ask ask) {
            return ask.desiredLimitW();
        }
    },
    TOPOLOGY {
        @Override
        public Object value(Ask ask) {
            return ask.job().topology();
        }
    },
    /** {@code spec.nodeSelector}. */
    NODE_SELECTOR {
        @Override
        public Object value(Ask ask) {
            return ask.job().requirements().nodeSelector();
        }
    },
    /** The required node affinity's terms (null when none). */
    NODE_AFFINITY {
        @Override
        public Object value(Ask ask) {
            return ask.job().requirements().requiredAffinity();
        }
    },
    TOLERATIONS {
        @Override
        public Object value(Ask ask) {
            return ask.job().requirements().tolerations();
        }
    },
    /** The pod's effective resource requests. */
    REQUESTS {
        @Override
        public Object value(Ask ask) {
            return ask.job().requirements().requests();
        }
    };

    /** This field of the ask's job, as a memo key part (equal values: equal for every check that reads it). */
    public abstract Object value(Ask ask);
}
