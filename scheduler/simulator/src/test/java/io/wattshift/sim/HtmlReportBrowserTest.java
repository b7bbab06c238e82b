package io.wattshift.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code simulate --report-html} opened in headless Chromium (Debian's {@code chromium}; {@code .ci/run} installs
 * it): no console message, every chart holds its series as the browser parsed the page, and a screenshot at
 * {@code target/simulate-report.png} to look at. Skipped where {@code /usr/bin/chromium} is absent.
 */
class HtmlReportBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path TARGET = Path.of("target");
    private static final Pattern CHART = Pattern.compile("<svg [^>]*data-chart=\"([^\"]+)\"(?: data-policy=\"([^\"]+)\")?"
        + "[^>]*>(.*?)</svg>\\s*</figure>", Pattern.DOTALL);
    private static final Pattern SERIES = Pattern.compile("<(path|g) data-series=\"([^\"]+)\"([^>]*)>");

    @TempDir
    static Path dir;
    static Path html;

    /** The shared small site, trace and evening price spikes, all three policies. */
    @BeforeAll
    static void simulate() throws IOException {
        html = TARGET.toAbsolutePath().resolve("simulate-report.html");
        Files.createDirectories(TARGET);
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SimulateCommand());
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("--site", SeriesFixture.site(dir).toString(), "--trace",
            SeriesFixture.trace(dir).toString(), "--prices", SeriesFixture.prices(dir).toString(), "--report-html",
            html.toString());
        assertEquals(0, code, err.toString());
    }

    private record Run(int code, String stdout, String stderr) {
    }

    /** One headless Chromium run on a file; its own profile, no network, no background services. */
    private static Run chromium(Path page, String... mode) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: " + CHROMIUM + " is absent (apt-get install chromium)");
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(mode));
        cmd.add(page.toUri().toString());
        Path out = dir.resolve("chromium.out");
        Path errs = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(errs.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(errs));
    }

    /** What the page wrote to its console, as Chromium logs it ({@code INFO:CONSOLE:1] "message", source: ...}). */
    private static List<String> consoleLines(Run r) {
        return r.stderr().lines().filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught")).toList();
    }

    @Test
    @DisplayName("the page logs nothing to the console, fetches nothing, and every chart holds its series")
    void everyChartHasItsSeriesAndTheConsoleStaysEmpty() throws Exception {
        Run r = chromium(html, "--dump-dom");
        assertEquals(0, r.code(), r.stderr());
        assertEquals(List.of(), consoleLines(r), "console messages");
        String page = Files.readString(html);
        for (String ref : List.of("src=", "href=", "url(", "@import", "<script")) {
            assertFalse(page.contains(ref), "self-contained: no " + ref);
        }
        String dom = r.stdout();
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        Matcher m = CHART.matcher(dom);
        int charts = 0;
        while (m.find()) {
            charts++;
            String chart = m.group(1) + (m.group(2) == null ? "" : " / " + m.group(2));
            Set<String> series = new TreeSet<>();
            Matcher s = SERIES.matcher(m.group(3));
            while (s.find()) {
                series.add(s.group(2));
                if (s.group(1).equals("path")) {
                    assertTrue(s.group(3).matches(".*d=\"M[^\"]*L.*"), chart + " " + s.group(2)
                        + ": a path of at least two points");
                }
            }
            seen.put(chart, series);
        }
        // three policies x (site, two halls, price, events, queue, waits) + net
        assertEquals(3 * 7 + 1, charts, seen.toString());
        Set<String> power = Set.of("ai", "mining", "idle", "limit-feed", "limit-cooling");
        for (String policy : List.of("wattshift", "ai-only", "static-split")) {
            assertEquals(union(power, Set.of("limit-interconnect")), seen.get("site-power / " + policy));
            assertEquals(power, seen.get("hall-hall-a-power / " + policy));
            assertEquals(power, seen.get("hall-hall-b-power / " + policy));
            assertEquals(Set.of("price", "break-even-hall-a-hall-b"), seen.get("price / " + policy));
            assertEquals(Set.of("curtail-for-ai", "curtail-for-limit", "lease"), seen.get("events / " + policy));
            assertEquals(Set.of("queued-priority-100", "queued-priority-50", "queued-priority-0"),
                seen.get("queue / " + policy));
            assertEquals(Set.of("wait-cdf-priority-100", "wait-cdf-priority-50", "wait-cdf-priority-0"),
                seen.get("wait-cdf / " + policy));
        }
        assertEquals(Set.of("net-wattshift", "net-ai-only", "net-static-split"), seen.get("net"));
        Matcher curtailed = Pattern.compile("data-chart=\"events\" data-policy=\"wattshift\".*?data-series="
            + "\"curtail-for-ai\" data-points=\"(\\d+)\"", Pattern.DOTALL).matcher(dom);
        assertTrue(curtailed.find() && Integer.parseInt(curtailed.group(1)) > 0, "wattshift curtails for AI");
        assertTrue(dom.contains("<pre class=\"summary\">Wattshift simulation"), "the summary table");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    @Test
    @DisplayName("the console check sees a page's console error (the check above can fail)")
    void theConsoleCheckSeesErrors() throws Exception {
        Path bad = dir.resolve("bad.html");
        Files.writeString(bad, "<html><body><script>console.error('probe'); missingFunction();</script></body></html>",
            StandardCharsets.UTF_8);
        List<String> lines = consoleLines(chromium(bad, "--dump-dom"));
        assertTrue(lines.stream().anyMatch(l -> l.contains("probe")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("missingFunction")), lines.toString());
    }

    @Test
    @DisplayName("a screenshot of the whole report lands at target/simulate-report.png")
    void screenshot() throws Exception {
        Path png = TARGET.toAbsolutePath().resolve("simulate-report.png");
        Files.deleteIfExists(png);
        Run r = chromium(html, "--screenshot=" + png, "--window-size=1400,3400", "--hide-scrollbars");
        assertEquals(0, r.code(), r.stderr());
        assertEquals(List.of(), consoleLines(r), "console messages");
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertEquals(List.of((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G'), List.of(head[0], head[1], head[2],
            head[3]), "a PNG");
        assertTrue(Files.size(png) > 50_000, "a picture of plots, not a blank page: " + Files.size(png) + " bytes");
    }
}
