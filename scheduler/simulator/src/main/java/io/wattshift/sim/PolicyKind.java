package io.wattshift.sim;

import java.util.Locale;

/** The scheduling policies {@code simulate} compares. */
public enum PolicyKind {
    /** The Wattshift engine: AI first, idle power leased to mining when it pays, caps as the safety net. */
    WATTSHIFT,
    /** The same engine without mining: idle power earns nothing. */
    AI_ONLY,
    /** A fixed share of every hall for mining (on when it pays), the rest for AI; no curtailment. */
    STATIC_SPLIT;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static PolicyKind parse(String s) {
        for (PolicyKind k : values()) {
            if (k.id().equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown policy '" + s + "' (wattshift, ai-only, static-split)");
    }
}
