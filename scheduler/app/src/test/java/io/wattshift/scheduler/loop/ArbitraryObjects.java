package io.wattshift.scheduler.loop;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arbitrary instances of the CRD model classes ({@code io.wattshift.api}) from fuzzer data: every field absent,
 * null or set, a value of its Java type (what the informer can deserialize; a wrong JSON type never reaches the
 * loop), inside the field's schema bounds ({@code @Min}/{@code @Max}) or anywhere. So one input may be a
 * schema-valid object, the next one the API server would have refused (an object stored under an older schema).
 */
final class ArbitraryObjects {
    /** Strings that mean something to the translation (times, names, label keys), besides arbitrary ones. */
    private static final List<String> INTERESTING = List.of("", " ", "a", "r1", "hall-a", "fz-site-0", "fz-site-1",
        "2026-07-01T18:00:00Z", "2026-07-01t18:00:00z", "2026-13-45T99:00:00Z", "not a time", "SameRack", "SameHall",
        "wattshift.io/rack", "nvidia.com/gpu", "-1", "1e400", "10.0.0.1");
    private static final int MAX_DEPTH = 4;

    private final FuzzedDataProvider data;

    ArbitraryObjects(FuzzedDataProvider data) {
        this.data = data;
    }

    /** An arbitrary {@code type} (a model class with a public no-argument constructor). */
    <T> T of(Class<T> type) {
        return type.cast(object(type, 0));
    }

    String string() {
        return data.consumeBoolean() ? data.pickValue(INTERESTING) : data.consumeString(16);
    }

    boolean coin() {
        return data.consumeBoolean();
    }

    int intIn(int min, int max) {
        return data.consumeInt(min, max);
    }

    private Object object(Class<?> type, int depth) {
        Object o;
        try {
            o = type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + type, e);
        }
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || data.consumeBoolean()) {
                continue; // absent: the field keeps its default
            }
            f.setAccessible(true);
            try {
                f.set(o, data.consumeInt(0, 9) == 0 ? null : value(f.getGenericType(), f, depth));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (IllegalArgumentException e) {
                // a primitive field refuses null: leave its default
            }
        }
        return o;
    }

    private Object value(Type type, Field field, int depth) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        boolean bounded = field != null && data.consumeBoolean();
        double min = bounded && field.isAnnotationPresent(Min.class) ? field.getAnnotation(Min.class).value() : -1e7;
        double max = bounded && field.isAnnotationPresent(Max.class) ? field.getAnnotation(Max.class).value() : 1e7;
        if (raw == Double.class || raw == double.class) {
            return data.consumeRegularDouble(min, max);
        } else if (raw == Integer.class || raw == int.class) {
            return data.consumeInt((int) Math.max(min, Integer.MIN_VALUE), (int) Math.min(max, Integer.MAX_VALUE));
        } else if (raw == Long.class || raw == long.class) {
            return data.consumeLong((long) min, (long) max);
        } else if (raw == Boolean.class || raw == boolean.class) {
            return data.consumeBoolean();
        } else if (raw == String.class) {
            return string();
        } else if (raw.isEnum()) {
            return data.pickValue(raw.getEnumConstants());
        } else if (raw == List.class && depth < MAX_DEPTH) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            for (int i = data.consumeInt(0, 3); i > 0; i--) {
                list.add(value(element, null, depth + 1));
            }
            return list;
        } else if (raw == Map.class) {
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = data.consumeInt(0, 2); i > 0; i--) {
                map.put(string(), string());
            }
            return map;
        } else if (raw.getPackageName().equals("io.wattshift.api") && depth < MAX_DEPTH) {
            return object(raw, depth + 1);
        }
        return null;
    }
}
