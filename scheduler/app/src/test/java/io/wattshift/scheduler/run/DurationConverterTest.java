package io.wattshift.scheduler.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @ParameterizedTest(name = "{0} is {1} ms")
  @CsvSource({"500ms, 500", "10s, 10000", "5m, 300000", "1h, 3600000", "PT15S, 15000"})
  void readsTheUnitsOperatorsWrite(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), converter.convert(text));
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(strings = {"ten seconds", "10", "10d", "s"})
  void refusesWhatIsNotADuration(String text) {
    assertThrows(TypeConversionException.class, () -> converter.convert(text));
  }
}
