package io.wattshift.engine.model;

import java.util.Objects;

/**
 * A node taint.
 *
 * @param key    the taint's key
 * @param value  its value ("" when none)
 * @param effect what it does to pods that do not tolerate it
 */
public record Taint(String key, String value, TaintEffect effect) {
    public Taint {
        Objects.requireNonNull(key, "taint key");
        value = value == null ? "" : value;
        Objects.requireNonNull(effect, "taint effect");
    }

    @Override
    public String toString() {
        return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect.kubeName();
    }
}
