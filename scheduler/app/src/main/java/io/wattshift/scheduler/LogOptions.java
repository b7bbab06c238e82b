package io.wattshift.scheduler;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --log-level} and {@code --log-format}, a picocli mixin of every subcommand (Main adds it). Applied to
 * Logback before the command runs: the level of the root logger, and the console encoder swapped for Logback's
 * {@link JsonEncoder} (one JSON object a line, for log collectors) with {@code json}.
 */
public final class LogOptions {
    /** Levels as Logback knows them; parsed in any case (the chart and WATTSHIFT_LOG_LEVEL say {@code info}). */
    public enum LogLevel { TRACE, DEBUG, INFO, WARN, ERROR }

    /** Plain text (logback.xml's pattern) or Logback's JSON lines. */
    public enum LogFormat { TEXT, JSON }

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "${env:WATTSHIFT_LOG_LEVEL:-INFO}",
        converter = LevelConverter.class,
        description = "Root log level, one of ${COMPLETION-CANDIDATES} (any case; env WATTSHIFT_LOG_LEVEL, "
            + "default ${DEFAULT-VALUE}).")
    LogLevel level = LogLevel.INFO;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "${env:WATTSHIFT_LOG_FORMAT:-TEXT}",
        converter = FormatConverter.class,
        description = "Log line format, one of ${COMPLETION-CANDIDATES} (any case; json: one JSON object a line, "
            + "Logback's JsonEncoder; env WATTSHIFT_LOG_FORMAT, default ${DEFAULT-VALUE}).")
    LogFormat format = LogFormat.TEXT;

    public LogLevel level() {
        return level;
    }

    public LogFormat format() {
        return format;
    }

    /** Sets the root level and, for JSON, the encoder of every console/stream appender of the root logger. */
    public void apply() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            // another SLF4J binding (an embedding application): leave its configuration alone
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level.name()));
        if (format == LogFormat.JSON) {
            for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof OutputStreamAppender<ILoggingEvent> stream
                    && !(stream.getEncoder() instanceof JsonEncoder)) {
                    JsonEncoder json = new JsonEncoder();
                    json.setContext(context);
                    json.start();
                    stream.stop();
                    stream.setEncoder(json);
                    stream.start();
                }
            }
        }
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("expected one of " + Arrays.toString(type.getEnumConstants())
                + " (any case), got '" + value + "'");
        }
    }

    static final class LevelConverter implements ITypeConverter<LogLevel> {
        @Override
        public LogLevel convert(String value) {
            return parse(LogLevel.class, value);
        }
    }

    static final class FormatConverter implements ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            return parse(LogFormat.class, value);
        }
    }
}
