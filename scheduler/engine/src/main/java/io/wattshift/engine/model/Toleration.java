package io.wattshift.engine.model;

import java.util.Objects;

/**
 * A pod's toleration, with Kubernetes' matching rules ({@link #tolerates}).
 *
 * @param key      the taint key it tolerates; "" with {@link Operator#EXISTS} tolerates every key
 * @param operator {@link Operator#EQUAL} (key and value match) or {@link Operator#EXISTS} (key matches)
 * @param value    the value for EQUAL ("" when none)
 * @param effect   the effect it tolerates; null tolerates every effect
 */
public record Toleration(String key, Operator operator, String value, TaintEffect effect) {
    /** Toleration operators. */
    public enum Operator { EQUAL, EXISTS }

    public Toleration {
        key = key == null ? "" : key;
        operator = operator == null ? Operator.EQUAL : operator;
        value = value == null ? "" : value;
    }

    /** Tolerates taints with this key and value (any effect when {@code effect} is null). */
    public static Toleration equal(String key, String value, TaintEffect effect) {
        return new Toleration(key, Operator.EQUAL, value, effect);
    }

    /** Tolerates taints with this key ("" = any key), whatever their value. */
    public static Toleration exists(String key, TaintEffect effect) {
        return new Toleration(key, Operator.EXISTS, "", effect);
    }

    /**
     * Whether this tolerates {@code taint}: the effect matches (or this names none), the key matches (or this is
     * an EXISTS with an empty key), and for EQUAL the value matches.
     */
    public boolean tolerates(Taint taint) {
        Objects.requireNonNull(taint, "taint");
        if (effect != null && effect != taint.effect()) {
            return false;
        }
        if (!key.isEmpty() && !key.equals(taint.key())) {
            return false;
        }
        return switch (operator) {
            case EXISTS -> true;
            case EQUAL -> value.equals(taint.value());
        };
    }
}
