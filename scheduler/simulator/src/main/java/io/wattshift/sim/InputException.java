package io.wattshift.sim;

/** Bad input: names the file, the line and the field, and makes {@code simulate} exit with code 2. */
public final class InputException extends RuntimeException {
    public InputException(String file, long line, String field, String problem) {
        super(file + (line > 0 ? ":" + line : "") + (field == null || field.isEmpty() ? "" : ": " + field) + ": "
            + problem);
    }
}
