package io.wattshift.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Inputs the report tests share: the small test site (two halls of 128 GPUs beside 160 miners; AI arrivals curtail
 * mining), its 24-job trace plus a burst that queues, and prices that cross the miners' break-even (107 $/MWh at
 * 45 $/PH/day and 17.5 J/TH) every evening, so leases are granted and released.
 */
final class SeriesFixture {
    private SeriesFixture() {
    }

    static Path site(Path dir) throws IOException {
        return copy(dir, "small-site.yaml");
    }

    /** The small trace and six 64-GPU jobs at 2 h: more than the site's 256 GPUs, so some wait for hours. */
    static Path trace(Path dir) throws IOException {
        Path trace = copy(dir, "small-trace.csv");
        Files.writeString(trace, "7200,10800,training,8,8,50,burst\n".repeat(6), StandardOpenOption.APPEND);
        return trace;
    }

    /** Three days of hours from the run's start (no timestamps): 160 $/MWh from 17:00 to 21:00, 20-43 otherwise. */
    static Path prices(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("Price (USD/MWh)\n");
        for (int h = 0; h < 72; h++) {
            csv.append(h % 24 >= 17 && h % 24 < 21 ? 160 : 20 + h % 24).append('\n');
        }
        Path file = dir.resolve("prices.csv");
        Files.writeString(file, csv);
        return file;
    }

    private static Path copy(Path dir, String resource) throws IOException {
        Path p = dir.resolve(resource);
        try (InputStream in = SeriesFixture.class.getResourceAsStream(resource)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }
}
