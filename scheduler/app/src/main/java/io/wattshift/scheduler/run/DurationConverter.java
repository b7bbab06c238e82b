package io.wattshift.scheduler.run;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** "500ms", "10s", "5m", "1h", or ISO-8601 ("PT10S"). */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase();
    try {
      if (v.startsWith("pt")) {
        return Duration.parse(value.trim());
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new TypeConversionException("not a duration: " + value);
      };
    } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
      throw new TypeConversionException("not a duration: " + value + " (use e.g. 500ms, 10s, 5m)");
    }
  }
}
