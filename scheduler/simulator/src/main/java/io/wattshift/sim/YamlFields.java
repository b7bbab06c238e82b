package io.wattshift.sim;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * The line of every field in a YAML document, keyed by JSON pointer ({@code /halls/1/feedKw}), and a check that
 * every field names a component of the record it fills, so errors can name the line of the field at fault.
 */
final class YamlFields {
    private final Map<String, Integer> lines = new HashMap<>();

    private YamlFields() {
    }

    /** Scan {@code text}; an unknown field becomes an {@link InputException}. */
    static YamlFields scan(ObjectMapper yaml, String text, String file, Class<?> root) {
        YamlFields f = new YamlFields();
        try (JsonParser p = yaml.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.PROPERTY_NAME) {
                    String pointer = p.streamReadContext().pathAsPointer().toString();
                    int line = p.currentTokenLocation().getLineNr();
                    f.lines.put(pointer, line);
                    String parent = pointer.substring(0, pointer.lastIndexOf('/'));
                    Class<?> owner = typeAt(root, parent);
                    if (owner != null && owner.isRecord() && component(owner, p.currentName()) == null) {
                        throw new InputException(file, line, field(pointer), "unknown field (known: "
                            + String.join(", ", names(owner)) + ")");
                    }
                }
            }
        }
        return f;
    }

    /** The line of the field at {@code pointer}, or 0. */
    int line(String pointer) {
        return lines.getOrDefault(pointer, 0);
    }

    /** {@code /halls/1/feedKw} as {@code halls[1].feedKw}. */
    static String field(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String seg : pointer.substring(1).split("/")) {
            if (seg.matches("\\d+")) {
                sb.append('[').append(seg).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(seg);
            }
        }
        return sb.toString();
    }

    private static Class<?> typeAt(Class<?> root, String pointer) {
        Type type = root;
        for (String seg : pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/")) {
            Class<?> c = raw(type);
            if (c == null) {
                return null;
            }
            if (List.class.isAssignableFrom(c) && type instanceof ParameterizedType pt) {
                type = pt.getActualTypeArguments()[0];
            } else if (c.isRecord()) {
                RecordComponent rc = component(c, seg);
                if (rc == null) {
                    return null;
                }
                type = rc.getGenericType();
            } else {
                return null;
            }
        }
        return raw(type);
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        return t instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : null;
    }

    private static RecordComponent component(Class<?> record, String name) {
        for (RecordComponent rc : record.getRecordComponents()) {
            if (rc.getName().equals(name)) {
                return rc;
            }
        }
        return null;
    }

    private static List<String> names(Class<?> record) {
        return java.util.Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}
