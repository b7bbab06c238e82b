package io.wattshift.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small CSV reader for our inputs (no quoting needed: numbers, names, ISO times): a header, then rows whose
 * fields are looked up by column name, every parse error an {@link InputException} naming file, line and column.
 * A row with more fields than the header is refused (a shifted or stray column would otherwise be read silently).
 */
final class CsvLines {
    private final String file;
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<String[]> rows = new ArrayList<>();
    private final List<Integer> lineNumbers = new ArrayList<>();

    private CsvLines(String file) {
        this.file = file;
    }

    static CsvLines read(Path path, List<String> required) {
        CsvLines csv = new CsvLines(path.toString());
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (csv.columns.isEmpty()) {
                    for (int i = 0; i < fields.length; i++) {
                        csv.columns.put(fields[i].trim(), i);
                    }
                    for (String c : required) {
                        if (!csv.columns.containsKey(c)) {
                            throw new InputException(csv.file, n, c, "missing column (header has "
                                + String.join(",", fields) + ")");
                        }
                    }
                    continue;
                }
                if (fields.length > csv.columns.size()) {
                    throw new InputException(csv.file, n, "column " + (csv.columns.size() + 1), "extra field '"
                        + fields[csv.columns.size()].trim() + "' (the header has " + csv.columns.size() + " columns)");
                }
                csv.rows.add(fields);
                csv.lineNumbers.add(n);
            }
        } catch (IOException e) {
            throw new InputException(csv.file, 0, null, "cannot read: " + e.getMessage());
        }
        if (csv.columns.isEmpty()) {
            throw new InputException(csv.file, 0, null, "empty file");
        }
        return csv;
    }

    int size() {
        return rows.size();
    }

    boolean has(String column) {
        return columns.containsKey(column);
    }

    int line(int row) {
        return lineNumbers.get(row);
    }

    String text(int row, String column) {
        int i = columns.get(column);
        String[] f = rows.get(row);
        if (i >= f.length) {
            throw new InputException(file, line(row), column, "missing field (line has " + f.length + ")");
        }
        return f[i].trim();
    }

    long integer(int row, String column, long min) {
        String t = text(row, column);
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new InputException(file, line(row), column, "not an integer: '" + t + "'");
        }
        if (v < min) {
            throw new InputException(file, line(row), column, "must be >= " + min + ", got " + v);
        }
        return v;
    }

    /** {@link #integer} for a count or priority the model holds as an int: a larger value is an error, not wrapped. */
    int intValue(int row, String column, int min) {
        long v = integer(row, column, min);
        if (v > Integer.MAX_VALUE) {
            throw new InputException(file, line(row), column, "must be <= " + Integer.MAX_VALUE + ", got " + v);
        }
        return (int) v;
    }

    double number(int row, String column) {
        String t = text(row, column);
        try {
            double v = Double.parseDouble(t);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InputException(file, line(row), column, "not a number: '" + t + "'");
        }
    }

    InputException error(int row, String column, String problem) {
        return new InputException(file, line(row), column, problem);
    }
}
