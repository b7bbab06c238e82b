package io.wattshift.scheduler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.wattshift.api.Capping;
import io.wattshift.api.MiningPolicy;
import io.wattshift.api.PowerPolicySpec;
import io.wattshift.api.Thermal;
import io.wattshift.engine.model.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One set of PowerPolicy defaults: what the CRD descriptions and docs/operators.md state is what an unset field
 * leaves in force, the engine's {@link Policy#defaults()} (Translation maps an unset field to nothing).
 */
class PolicyDefaultsTest {
  private static final Policy ENGINE = Policy.defaults();
  private static final Pattern DEFAULT = Pattern.compile("\\(default ([0-9.]+)");

  /** Field -> the value that applies when it is unset, in the field's units. */
  private static final Map<String, Double> APPLIES = Map.of(
      "capWatts", ENGINE.fixedCapW(),
      "hotMarginCelsius", ENGINE.thermalMarginC(),
      "staleTelemetrySeconds", (double) ENGINE.telemetryStaleAfter().toSeconds(),
      "marginUsdPerMegawattHour", ENGINE.miningMarginUsdPerMwh(),
      "hysteresisKilowatts", ENGINE.miningStepKw(),
      "minLeaseSeconds", (double) ENGINE.miningMinLease().toSeconds(),
      "minOffSeconds", (double) ENGINE.miningMinOff().toSeconds());

  @Test
  void theCrdDescriptionsStateTheDefaultsThatApply() throws Exception {
    Map<String, Class<?>> owners = Map.of("capWatts", Capping.class, "hotMarginCelsius", Thermal.class,
        "staleTelemetrySeconds", Thermal.class, "marginUsdPerMegawattHour", MiningPolicy.class,
        "hysteresisKilowatts", MiningPolicy.class, "minLeaseSeconds", MiningPolicy.class,
        "minOffSeconds", MiningPolicy.class);
    for (var e : APPLIES.entrySet()) {
      String description = owners.get(e.getKey()).getDeclaredField(e.getKey())
          .getAnnotation(JsonPropertyDescription.class).value();
      Matcher m = DEFAULT.matcher(description);
      assertTrue(m.find(), e.getKey() + " states no default: " + description);
      assertEquals(e.getValue(), Double.parseDouble(m.group(1)), 1e-9, e.getKey() + ": " + description);
    }
    String reserve = PowerPolicySpec.class.getDeclaredField("reserveKilowatts")
        .getAnnotation(JsonPropertyDescription.class).value();
    assertTrue(reserve.contains(Math.round(ENGINE.reserveFraction() * 100) + "%"), reserve);
  }

  @Test
  void theOperatorsGuideStatesTheSameDefaults() throws Exception {
    String doc = Files.readString(Path.of("../../docs/operators.md"));
    String table = doc.substring(doc.indexOf("<!-- policy-defaults"));
    for (var e : APPLIES.entrySet()) {
      Matcher m = Pattern.compile("`[a-zA-Z.]*" + e.getKey() + "` \\| ([0-9.]+)").matcher(table);
      if (e.getKey().equals("capWatts")) {
        m = Pattern.compile("`capping.capWatts` \\| `Off` / ([0-9.]+)").matcher(table);
      }
      assertTrue(m.find(), e.getKey() + " missing from the operators guide's defaults table");
      assertEquals(e.getValue(), Double.parseDouble(m.group(1)), 1e-9, e.getKey());
    }
    assertTrue(table.contains("| " + Math.round(ENGINE.reserveFraction() * 100) + "% of every hall feed"));
  }

  @Test
  void anUnsetFieldLeavesTheEngineDefaultInForce() {
    io.wattshift.api.PowerPolicy empty = new io.wattshift.api.PowerPolicy();
    PowerPolicySpec spec = new PowerPolicySpec();
    spec.setMining(new MiningPolicy());
    spec.setThermal(new Thermal());
    empty.setSpec(spec);
    assertEquals(ENGINE, Translation.policy(empty));
  }
}
