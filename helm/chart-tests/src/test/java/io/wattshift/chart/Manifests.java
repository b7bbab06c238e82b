package io.wattshift.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The objects of one `helm template` rendering, parsed from its multi-document YAML. */
record Manifests(List<JsonNode> objects) {

    static final YAMLMapper YAML = YAMLMapper.builder().build();

    static Manifests parse(String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
                    objects.add(doc);
                }
            }
        }
        return new Manifests(List.copyOf(objects));
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asString(""))).toList();
    }

    /** The one object of this kind whose name ends with the suffix (names carry the release prefix). */
    JsonNode one(String kind, String nameSuffix) {
        List<JsonNode> found = ofKind(kind).stream()
                .filter(o -> o.path("metadata").path("name").asString("").endsWith(nameSuffix))
                .toList();
        if (found.size() != 1) {
            throw new NoSuchElementException("expected one " + kind + " named *" + nameSuffix + ", found "
                    + found.size() + " among " + summary());
        }
        return found.get(0);
    }

    String summary() {
        return objects.stream()
                .map(o -> o.path("kind").asString("?") + "/" + o.path("metadata").path("name").asString("?"))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
