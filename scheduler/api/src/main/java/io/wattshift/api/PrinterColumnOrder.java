package io.wattshift.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Build step run right after crd-generator (exec-maven-plugin, process-classes): puts each CRD version's
 * {@code additionalPrinterColumns} back in the order the {@link AdditionalPrinterColumn} annotations are declared on
 * the class, because crd-generator 8 sorts them by JSON path (fabric8io/kubernetes-client#7454), which put AGE first.
 *
 * <p>Rule: columns declared with {@code @AdditionalPrinterColumn} come first, in declaration order (
 * {@code getAnnotationsByType} keeps it); any other column (a field's {@code @PrinterColumn}, none today) follows in
 * the generator's order. So a kind whose Age column should be last declares it last at class level.
 *
 * <p>The rewrite moves whole list entries of the generator's YAML text and changes nothing else, so the files keep
 * the generator's formatting, and running it twice changes nothing (the write-crds profile runs it on crds/).
 */
public final class PrinterColumnOrder {
  private static final Pattern COLUMNS_KEY = Pattern.compile("^( *)(- )?additionalPrinterColumns:\\s*$");
  private static final Pattern NAME = Pattern.compile("^ *(- )?name: \"((?:[^\"\\\\]|\\\\.)*)\"\\s*$");

  private PrinterColumnOrder() {
  }

  /** {@code args}: the directory crd-generator wrote to. Reorders the CRD of every kind in {@link WattshiftApi#KINDS}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: PrinterColumnOrder <crd output directory>");
    }
    Path dir = Path.of(args[0]);
    for (Class<? extends HasMetadata> kind : WattshiftApi.KINDS) {
      Path file = dir.resolve(HasMetadata.getFullResourceName(kind) + "-v1.yml");
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException("no generated CRD for " + kind.getSimpleName() + ": " + file);
      }
      String yaml = Files.readString(file);
      String reordered = reorder(yaml, declaredColumns(kind));
      if (!reordered.equals(yaml)) {
        Files.writeString(file, reordered);
      }
    }
  }

  /** Column names as declared on {@code kind}, in declaration order. */
  public static List<String> declaredColumns(Class<?> kind) {
    List<String> names = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    if (new HashSet<>(names).size() != names.size()) {
      throw new IllegalStateException(kind.getSimpleName() + " declares a printer column name twice: " + names);
    }
    return names;
  }

  /**
   * Returns {@code crdYaml} with the entries of every {@code additionalPrinterColumns} list sorted by the position
   * of their {@code name} in {@code order}; names not in {@code order} follow, in their original order.
   */
  public static String reorder(String crdYaml, List<String> order) {
    List<String> lines = new ArrayList<>(List.of(crdYaml.split("\n", -1)));
    for (int i = 0; i < lines.size(); i++) {
      Matcher key = COLUMNS_KEY.matcher(lines.get(i));
      if (key.matches()) {
        // crd-generator writes the list items at the key's own column: "  - additionalPrinterColumns:\n    - ..."
        int itemIndent = key.group(1).length() + (key.group(2) == null ? 0 : 2);
        i = reorderBlock(lines, i + 1, itemIndent, order) - 1;
      }
    }
    return String.join("\n", lines);
  }

  /** Reorders the list whose items start at {@code from} with "- " at {@code itemIndent}; returns the index after it. */
  private static int reorderBlock(List<String> lines, int from, int itemIndent, List<String> order) {
    String itemStart = " ".repeat(itemIndent) + "- ";
    List<List<String>> entries = new ArrayList<>();
    int end = from;
    while (end < lines.size()) {
      String line = lines.get(end);
      if (line.startsWith(itemStart)) {
        entries.add(new ArrayList<>(List.of(line)));
      } else if (!entries.isEmpty() && indent(line) > itemIndent) {
        entries.get(entries.size() - 1).add(line);
      } else {
        break;
      }
      end++;
    }
    // names are read up front so that an entry without one fails even where nothing needs sorting
    List<Integer> ranks = entries.stream().map(entry -> rank(order, columnName(entry))).toList();
    List<Integer> positions = new ArrayList<>(IntStream.range(0, entries.size()).boxed().toList());
    positions.sort(Comparator.comparing(ranks::get)); // stable: equal ranks keep the generator's order
    List<String> rewritten = positions.stream().flatMap(k -> entries.get(k).stream()).toList();
    for (int k = 0; k < rewritten.size(); k++) {
      lines.set(from + k, rewritten.get(k));
    }
    return end;
  }

  private static int rank(List<String> order, String name) {
    int position = order.indexOf(name);
    return position < 0 ? order.size() : position;
  }

  private static String columnName(List<String> entry) {
    int keyColumn = keyColumn(entry.get(0)); // the entry's own keys, not those of nested maps
    for (String line : entry) {
      Matcher name = NAME.matcher(line);
      if (name.matches() && keyColumn(line) == keyColumn) {
        return name.group(2).replaceAll("\\\\(.)", "$1");
      }
    }
    throw new IllegalStateException("printer column without a quoted name: " + entry);
  }

  private static int keyColumn(String line) {
    int n = indent(line);
    return line.startsWith("- ", n) ? n + 2 : n;
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }
}
