package io.wattshift.engine.model;

/** What a node taint does to pods that do not tolerate it (Kubernetes' taint effects). */
public enum TaintEffect {
    /** Not scheduled there. */
    NO_SCHEDULE("NoSchedule"),
    /** Scheduled there only if nowhere better: a score, not a filter. */
    PREFER_NO_SCHEDULE("PreferNoSchedule"),
    /** Not scheduled there, and evicted by the kubelet if running. */
    NO_EXECUTE("NoExecute");

    private final String kubeName;

    TaintEffect(String kubeName) {
        this.kubeName = kubeName;
    }

    public String kubeName() {
        return kubeName;
    }

    /** The effect named as in the Kubernetes API ({@code NoSchedule}, ...). */
    public static TaintEffect parse(String name) {
        for (TaintEffect e : values()) {
            if (e.kubeName.equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown taint effect \"" + name
            + "\" (NoSchedule, PreferNoSchedule or NoExecute)");
    }
}
