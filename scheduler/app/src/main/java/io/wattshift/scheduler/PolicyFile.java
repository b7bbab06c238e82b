package io.wattshift.scheduler;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.wattshift.api.PowerPolicy;
import io.wattshift.api.PowerPolicySpec;
import io.wattshift.engine.model.Policy;
import io.wattshift.scheduler.loop.Translation;
import io.wattshift.sim.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code simulate --policy-file}: a PowerPolicy as the CRD has it (the whole object, or just its spec), translated
 * by the live scheduler's own {@link Translation#policy(PowerPolicy)}, so the simulator runs exactly what the
 * cluster would.
 */
final class PolicyFile {
    private PolicyFile() {
    }

    static Policy load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InputException(file.toString(), 0, null, "cannot read: " + e.getMessage());
        }
        PowerPolicy policy;
        try {
            if (text.contains("kind:")) {
                policy = Serialization.unmarshal(text, PowerPolicy.class);
            } else {
                policy = new PowerPolicy();
                policy.setSpec(Serialization.unmarshal(text, PowerPolicySpec.class));
            }
        } catch (RuntimeException e) {
            throw new InputException(file.toString(), 0, null, "not a PowerPolicy: " + firstLine(e.getMessage()));
        }
        if (policy == null || policy.getSpec() == null) {
            throw new InputException(file.toString(), 0, "spec", "missing");
        }
        try {
            return Translation.policy(policy);
        } catch (IllegalArgumentException e) {
            throw new InputException(file.toString(), 0, "spec", e.getMessage());
        }
    }

    private static String firstLine(String s) {
        return s == null ? "unreadable" : s.lines().findFirst().orElse(s);
    }
}
