package io.wattshift.wire;

/**
 * Labels and annotations the node daemon writes on its Kubernetes Node at start-up, so that the scheduler knows a
 * node's GPUs and nameplate power before the first telemetry sample arrives. One definition for both sides.
 *
 * <p>Labels hold selectable values (sanitised to the label value syntax); annotations hold exact values.
 * Power values are whole watts; per-GPU limits are the same on every GPU of a node in practice, so the node carries
 * the minimum over its GPUs for min, and the maximum for default and max (the conservative reading for placement).
 */
public final class NodeKeys {
    public static final String PREFIX = "wattshift.io/";
    /** Label: sanitised GPU model, e.g. {@code NVIDIA-H100-80GB-HBM3}. */
    public static final String LABEL_GPU_MODEL = PREFIX + "gpu-model";
    /** Label: number of GPUs NVML sees. */
    public static final String LABEL_GPU_COUNT = PREFIX + "gpu-count";
    /** Label: "true" when the daemon may set power caps on this node, "false" in read-only mode. */
    public static final String LABEL_CAPPING = PREFIX + "gpu-capping";
    /** Annotation: the model name exactly as NVML reports it. */
    public static final String ANNOTATION_GPU_MODEL = PREFIX + "gpu-model";
    public static final String ANNOTATION_POWER_MIN_WATTS = PREFIX + "gpu-power-min-watts";
    public static final String ANNOTATION_POWER_DEFAULT_WATTS = PREFIX + "gpu-power-default-watts";
    public static final String ANNOTATION_POWER_MAX_WATTS = PREFIX + "gpu-power-max-watts";
    /** Annotation: the NVIDIA driver version. */
    public static final String ANNOTATION_DRIVER_VERSION = PREFIX + "nvidia-driver-version";

    private NodeKeys() {
    }

    /** Turns any string into a valid label value: [A-Za-z0-9._-], at most 63 characters, alphanumeric at both ends. */
    public static String labelValue(String raw) {
        String s = raw.trim().replaceAll("[^A-Za-z0-9._-]+", "-");
        if (s.length() > 63) {
            s = s.substring(0, 63);
        }
        return s.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }
}
