package io.wattshift.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SimulateCommandTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result simulate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SimulateCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static String defaultSite() throws IOException {
        try (var in = SiteLoader.class.getResourceAsStream(SiteLoader.DEFAULT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Stream<Arguments> badInputs() {
        String header = "submit_s,duration_s,type,workers,gpus_per_worker,priority,tenant\n";
        return Stream.of(
            Arguments.of("site.yaml", "feedKw: 40000|feedKw: -5", "--site", ":23: halls[1].feedKw: must be > 0"),
            Arguments.of("site.yaml", "feedKw: 40000|feedKw: lots", "--site", ":23: halls[1].feedKw: Cannot"),
            Arguments.of("site.yaml", "coolingOverhead: 1.15|coolingOverhed: 1.15", "--site",
                ":26: halls[1].coolingOverhed: unknown field"),
            Arguments.of("t.csv", header + "0,3600,training,2,8,0,a\n10,abc,training,1,8,0,a\n", "--trace",
                ":3: duration_s: not an integer: 'abc'"),
            Arguments.of("t.csv", header + "0,3600,batch,2,8,0,a\n", "--trace",
                ":2: type: must be training or inference, got 'batch'"),
            Arguments.of("t.csv", header + "0,3600,training,0,8,0,a\n", "--trace", ":2: workers: must be >= 1"),
            Arguments.of("t.csv", "submit_s,duration_s\n", "--trace", ":1: type: missing column"),
            Arguments.of("t.csv", header + "0,3600,training,2,8,0,a\n60,600,training,1,8,0,a,x\n", "--trace",
                ":3: column 8: extra field 'x' (the header has 7 columns)"),
            Arguments.of("t.csv", header + "0,3600,training,1,99,0,a\n", "--trace",
                ":2: gpus_per_worker: 99 GPUs per pod fit on no node of the site (the largest has 8)"),
            Arguments.of("t.csv", header + "0,3600,training,100000,8,0,a\n", "--trace",
                ":2: workers: 100000 pods of 8 GPUs cannot all run: the whole site holds "),
            Arguments.of("openb.csv", "name,num_gpu,qos,creation_time,deletion_time\np1,16,LS,0,100\n",
                "--trace-format=alibaba-openb --trace", ":2: num_gpu: 16 GPUs per pod fit on no node"),
            Arguments.of("p.csv", "Datetime,Price (USD/MWh)\n2023-01-01,1\n2023-01-02,x\n", "--prices",
                ":3: Price (USD/MWh): not a number: 'x'"));
    }

    @ParameterizedTest(name = "{2} {0} with a mistake: exit 2 and \"{3}\"")
    @MethodSource("badInputs")
    void badInputGivesOneErrorNamingFileLineAndFieldAndExitCode2(String file, String content, String option,
                                                                String expected) throws IOException {
        String text = content;
        if (file.endsWith(".yaml")) {
            String[] edit = content.split("\\|");
            text = defaultSite().replaceFirst(java.util.regex.Pattern.quote(edit[0]),
                java.util.regex.Matcher.quoteReplacement(edit[1]));
        }
        Path p = write(file, text);
        List<String> args = new ArrayList<>(List.of(option.split(" ")));
        args.addAll(List.of(p.toString(), "--jobs", "10"));
        Result r = simulate(args.toArray(String[]::new));
        assertEquals(2, r.code());
        assertEquals("", r.out(), "nothing half-printed");
        assertTrue(r.err().startsWith("error: " + p + expected), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    @DisplayName("an unknown policy is refused with exit code 2")
    void unknownPolicy() {
        Result r = simulate("--policy", "greedy");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown policy 'greedy'"));
    }

    @Test
    @DisplayName("a small run prints the three policies and the oracle side by side, the same figures as JSON")
    void aSmallRunReportsAllThreePolicies() throws IOException {
        Path json = dir.resolve("report.json");
        Result r = simulate("--jobs", "150", "--report-json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wattshift") && r.out().contains("ai-only") && r.out().contains("static-split"));
        assertTrue(r.out().contains("limit violations"));
        JsonNode root = JsonMapper.builder().build().readTree(json.toFile());
        assertEquals(4, root.get("policies").size());
        assertEquals("oracle", root.get("policies").get(3).get("policy").asString());
        assertTrue(r.out().contains("share of oracle margin"), r.out());
        for (JsonNode p : root.get("policies")) {
            JsonNode jobs = p.get("jobs");
            assertEquals(150, jobs.get("submitted").asInt());
            assertEquals(150, jobs.get("completed").asInt() + jobs.get("runningAtEnd").asInt()
                + jobs.get("waitingAtEnd").asInt(), "every job accounted for in " + p.get("policy"));
            assertEquals(0, p.get("powerViolations").asLong());
            assertEquals(0, p.get("coolingViolations").asLong());
        }
        JsonNode ai = root.get("policies").get(1);
        assertEquals("ai-only", ai.get("policy").asString());
        assertEquals(0, ai.get("miningEnergyMwh").asDouble(), 0);
        assertTrue(root.get("policies").get(0).get("miningRevenueUsd").asDouble() > 0);
    }

    @Test
    @DisplayName("our CSV trace runs, and the same seed gives the same report")
    void ourCsvTraceRunsDeterministically() throws IOException {
        Path trace = write("t.csv", "# a comment\nsubmit_s,duration_s,type,workers,gpus_per_worker,priority,tenant\n"
            + "0,7200,training,4,8,50,a\n60,3600,inference,2,4,100,b\n120,600,training,1,1,0,a\n");
        Result a = simulate("--trace", trace.toString(), "--policy", "wattshift");
        Result b = simulate("--trace", trace.toString(), "--policy", "wattshift");
        assertEquals(0, a.code(), a.err());
        assertEquals(a.out(), b.out());
        assertTrue(a.out().contains("3 jobs"), a.out());
    }

    @Test
    @DisplayName("the printed example trace and site run as they are")
    void theExamplesRunAsTheyAre() throws IOException {
        Path trace = write("example.csv", simulate("--print-example", "trace").out());
        Path site = write("site.yaml", simulate("--print-example", "site").out());
        Result r = simulate("--site", site.toString(), "--trace", trace.toString(), "--policy", "wattshift",
            "--policy", "ai-only");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("12 jobs"), r.out());
        assertTrue(r.out().contains(site.toString()), r.out());
    }
}
