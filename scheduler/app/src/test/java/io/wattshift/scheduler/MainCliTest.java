package io.wattshift.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The command tree as a new user meets it: help without warnings, versions, exit codes, completion. */
class MainCliTest {

    /** What one execution printed: picocli's writers, and System.err, where picocli's own warnings go. */
    record Run(int exitCode, String out, String err, String systemErr) {
        String all() {
            return out + err + systemErr;
        }
    }

    static Run execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int rc;
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
        try {
            rc = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        } finally {
            System.setErr(old);
        }
        return new Run(rc, out.toString(), err.toString(), systemErr.toString(StandardCharsets.UTF_8));
    }

    static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        return paths;
    }

    private static void collect(CommandLine c, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        c.getSubcommands().forEach((name, sub) -> {
            List<String> p = new ArrayList<>(path);
            p.add(name);
            collect(sub, p, paths);
        });
    }

    @Test
    void everyCommandsHelpPrintsNoPicocliWarning() {
        List<List<String>> paths = commandPaths();
        assertTrue(paths.containsAll(List.of(List.of(), List.of("simulate"), List.of("run"), List.of("completion"))),
            paths::toString);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Run r = execute(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), args + ": " + r.all());
            assertFalse(r.all().contains("[picocli WARN]"), args + " printed picocli warnings:\n" + r.all());
            assertTrue(r.out().startsWith("Usage: wattshift-scheduler"), args + ": " + r.out());
        }
    }

    @Test
    void aUsageErrorPrintsTheUsageWithoutWarningsAndExits2() {
        for (String command : List.of("simulate", "run")) {
            Run r = execute(command, "--no-such-option");
            assertEquals(2, r.exitCode(), r.all());
            assertTrue(r.err().startsWith("Unknown option: '--no-such-option'"), r.err());
            assertFalse(r.all().contains("[picocli WARN]"), r.all());
        }
    }

    @Test
    void helpListsTheExitCodes() {
        assertTrue(execute("--help").out().contains("Exit codes:\n  0"), execute("--help").out());
        String simulate = execute("simulate", "--help").out();
        assertTrue(simulate.matches("(?s).*Exit codes:\\n\\s+0\\s+done.*\\n\\s+1\\s+a limit violation.*\\n\\s+2\\s+bad input.*"),
            simulate);
        String run = execute("run", "--help").out();
        assertTrue(run.matches("(?s).*Exit codes:\\n\\s+0 .*\\n\\s+1 .*\\n\\s+2 .*usage error.*\\n\\s+143 .*SIGTERM.*"), run);
    }

    @Test
    void theVersionIsTheBuildsOnEveryCommand() {
        for (List<String> path : commandPaths()) {
            List<String> args = new ArrayList<>(path);
            args.add("--version");
            Run r = execute(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.all());
            assertTrue(r.out().startsWith("wattshift-scheduler " + BuildVersion.version() + "\n"), args + ": " + r.out());
        }
        // the pom's version, not a literal: the filtered resource was filled in
        assertTrue(BuildVersion.version().matches("\\d+\\.\\d+\\.\\d+.*"), BuildVersion.version());
        assertEquals(0, execute("-V").exitCode());
    }

    @Test
    void logOptionsListTheirAllowedValuesOnRunAndSimulate() {
        for (String command : List.of("run", "simulate")) {
            String help = execute(command, "--help").out().replaceAll("\\s+", " ");
            assertTrue(help.contains("--log-level=LEVEL Root log level, one of TRACE, DEBUG, INFO, WARN, ERROR"), help);
            assertTrue(help.contains("--log-format=FORMAT Log line format, one of TEXT, JSON"), help);
        }
        Run bad = execute("simulate", "--log-level", "loud", "--jobs", "1");
        assertEquals(2, bad.exitCode(), bad.all());
        assertTrue(bad.err().contains("expected one of [TRACE, DEBUG, INFO, WARN, ERROR] (any case), got 'loud'"),
            bad.err());
    }

    @Test
    void everyEnumOptionListsItsValues() {
        forEachOption((command, option) -> {
            if (option.type().isEnum()) {
                String description = String.join(" ", option.description());
                for (Object value : option.type().getEnumConstants()) {
                    assertTrue(description.contains(value.toString()),
                        command + " " + option.longestName() + " does not list " + value + ": " + description);
                }
            }
        });
    }

    @Test
    void runHelpListsEveryEnvironmentVariableItsOptionsRead() {
        String help = execute("run", "--help").out();
        int footer = help.indexOf("Environment:");
        assertTrue(footer > 0, help);
        String environment = help.substring(footer);
        Pattern env = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");
        List<String> read = new ArrayList<>();
        // the annotations as written (picocli's model answers with ${env:...} already resolved)
        for (Class<?> type : List.of(io.wattshift.scheduler.run.RunCommand.class, LogOptions.class)) {
            for (java.lang.reflect.Field field : type.getDeclaredFields()) {
                CommandLine.Option option = field.getAnnotation(CommandLine.Option.class);
                Matcher m = env.matcher(option == null ? "" : option.defaultValue());
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        assertTrue(read.containsAll(List.of("POD_NAME", "POD_NAMESPACE", "WATTSHIFT_TLS_CERT_FILE",
            "WATTSHIFT_LOG_LEVEL", "WATTSHIFT_LOG_FORMAT")), read::toString);
        for (String name : read) {
            assertTrue(environment.contains("\n  " + name + " "), name + " missing from:\n" + environment);
        }
        assertTrue(environment.contains("KUBECONFIG"), environment);
    }

    @Test
    void completionPrintsABashScriptForTheWholeTree() {
        Run r = execute("completion");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out().substring(0, Math.min(200, r.out().length())));
        assertTrue(r.out().contains("complete -F _complete_wattshift-scheduler"), "registers the root command");
        for (String word : List.of("simulate", "run", "--kubeconfig", "--log-level", "--log-format")) {
            assertTrue(r.out().contains(word), word);
        }
        // enum values are offered after --log-level
        for (LogOptions.LogLevel level : LogOptions.LogLevel.values()) {
            assertTrue(r.out().contains(level.name()), "completion candidate " + level);
        }
        assertTrue(execute("--help").out().contains("completion"), "the subcommand is listed, not hidden");
    }

    private static void forEachOption(java.util.function.BiConsumer<String, OptionSpec> check) {
        for (List<String> path : commandPaths()) {
            CommandLine c = Main.commandLine();
            for (String name : path) {
                c = c.getSubcommands().get(name);
            }
            for (OptionSpec option : c.getCommandSpec().options()) {
                check.accept(String.join(" ", path), option);
            }
        }
    }
}
