package io.wattshift.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads a site YAML into a {@link SiteConfig}; any problem becomes an {@link InputException} with its line. */
public final class SiteLoader {
    /** The site {@code simulate} uses without {@code --site}. */
    public static final String DEFAULT = "default-site.yaml";

    private static final ObjectMapper YAML = YAMLMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();

    private SiteLoader() {
    }

    public static SiteConfig load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new InputException(file.toString(), 0, null, "cannot read: " + e);
        }
    }

    public static SiteConfig loadDefault() {
        try (InputStream in = SiteLoader.class.getResourceAsStream(DEFAULT)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT);
        } catch (IOException e) {
            throw new IllegalStateException("built-in site missing", e);
        }
    }

    static SiteConfig parse(String text, String name) {
        try {
            YamlFields fields = YamlFields.scan(YAML, text, name, SiteConfig.class);
            try {
                SiteConfig c = YAML.readValue(text, SiteConfig.class);
                if (c == null) {
                    throw new InputException(name, 0, null, "empty file");
                }
                return c;
            } catch (JacksonException e) {
                String path = path(e);
                String problem = problem(e);
                // A record's own check names its field first ("feedKw must be > 0"): point at that field's line.
                String first = problem.split(" ", 2)[0];
                String pointer = pointer(e) + "/" + first;
                if (fields.line(pointer) > 0) {
                    throw new InputException(name, fields.line(pointer), YamlFields.field(pointer),
                        problem.substring(first.length()).trim());
                }
                long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
                throw new InputException(name, line, path, problem);
            }
        } catch (JacksonException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InputException(name, line, null, problem(e));
        }
    }

    private static String pointer(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            sb.append('/').append(ref.getPropertyName() != null ? ref.getPropertyName() : ref.getIndex());
        }
        return sb.toString();
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String problem(JacksonException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException) {
            return root.getMessage();
        }
        String m = e.getOriginalMessage();
        int cut = m.indexOf(" (class ");
        m = cut > 0 ? m.substring(0, cut) : m;
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
