package io.wattshift.testbed;

import java.util.regex.Pattern;

/**
 * A number of fake GPU nodes in one hall (label {@code wattshift.io/hall}).
 *
 * @param hall  the hall name, a DNS label (it becomes part of the node names)
 * @param count how many nodes, at least 1
 */
public record HallNodes(String hall, int count) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?");

    public HallNodes {
        if (!DNS_LABEL.matcher(hall).matches()) {
            throw new IllegalArgumentException("hall must be a short DNS label, got '" + hall + "'");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
    }
}
