package io.wattshift.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** --log-level and --log-format reach Logback: the root level, and JSON lines from Logback's JsonEncoder. */
class LogOptionsTest {
    private static final Logger LOG = LoggerFactory.getLogger(LogOptionsTest.class);

    @AfterEach
    void backToLogbackXml() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    private static LogOptions parse(String... args) {
        LogOptions options = new LogOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    private static String captureStdout(Runnable logging) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            logging.run();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonFormatWritesOneJsonObjectPerLine() {
        parse("--log-format", "json").apply();
        String out = captureStdout(() -> {
            LOG.info("hall {} at {} kW", "hall-a", 1200);
            LOG.warn("second line");
        });
        List<String> lines = out.lines().toList();
        assertEquals(2, lines.size(), out);
        JsonNode first = JsonMapper.builder().build().readTree(lines.get(0));
        assertEquals("INFO", first.path("level").asString(), out);
        assertEquals(LogOptionsTest.class.getName(), first.path("loggerName").asString(), out);
        assertTrue(first.path("formattedMessage").asString().contains("hall hall-a at 1200 kW")
            || first.path("message").asString().contains("hall {} at {} kW"), out);
        assertEquals("WARN", JsonMapper.builder().build().readTree(lines.get(1)).path("level").asString(), out);
    }

    @Test
    void levelSetsTheRootLoggerInAnyCase() {
        parse("--log-level", "warn").apply();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertEquals(Level.WARN, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        String out = captureStdout(() -> {
            LOG.info("dropped");
            LOG.warn("kept");
        });
        assertTrue(out.contains("kept") && !out.contains("dropped"), out);
        parse("--log-level", "DEBUG").apply();
        assertEquals(Level.DEBUG, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
    }

    @Test
    void theDefaultIsTextAtInfo() {
        LogOptions options = parse();
        // the test JVM sets neither WATTSHIFT_LOG_LEVEL nor WATTSHIFT_LOG_FORMAT (CI does not)
        if (System.getenv("WATTSHIFT_LOG_LEVEL") == null && System.getenv("WATTSHIFT_LOG_FORMAT") == null) {
            assertEquals(LogOptions.LogLevel.INFO, options.level());
            assertEquals(LogOptions.LogFormat.TEXT, options.format());
        }
        options.apply();
        String out = captureStdout(() -> LOG.info("plain"));
        assertTrue(out.contains(" INFO ") && out.contains("plain") && !out.startsWith("{"), out);
    }
}
