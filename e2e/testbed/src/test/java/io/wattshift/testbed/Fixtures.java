package io.wattshift.testbed;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the test fixtures (copied to target/test-classes by Maven). */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
