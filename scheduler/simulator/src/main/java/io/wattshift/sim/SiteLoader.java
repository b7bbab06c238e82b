package io.wattshift.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
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
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new InputException(file.toString(), 0, null, "cannot read: " + e.getMessage());
        }
    }

    public static SiteConfig loadDefault() {
        try (InputStream in = SiteLoader.class.getResourceAsStream(DEFAULT)) {
            return parse(new java.io.InputStreamReader(in, StandardCharsets.UTF_8), DEFAULT);
        } catch (IOException e) {
            throw new IllegalStateException("built-in site missing", e);
        }
    }

    static SiteConfig parse(Reader r, String name) {
        try {
            SiteConfig c = YAML.readValue(r, SiteConfig.class);
            if (c == null) {
                throw new InputException(name, 0, null, "empty file");
            }
            return c;
        } catch (JacksonException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InputException(name, line, path(e), problem(e));
        }
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
