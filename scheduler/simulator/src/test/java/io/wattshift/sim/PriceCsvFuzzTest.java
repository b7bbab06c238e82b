package io.wattshift.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the price CSV reader ({@code simulate --prices FILE.csv}) through its public entry point with arbitrary
 * files. The contract ({@link PriceSeries#read}): a series of finite prices, or an {@link InputException} naming
 * file, line and column; never another exception.
 *
 * <p>The default build replays {@code PriceCsvFuzzTestInputs/read} (the head of the ERCOT series, small variants
 * and every finding) and fuzzes for {@code fuzz.duration}; see docs/reliability.md#fuzzing to fuzz longer.
 */
class PriceCsvFuzzTest {
    private static final FuzzFile FILE = new FuzzFile(".csv");

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"Datetime,Price (USD/MWh)", "price", "usd_per_mwh", ",", "#", "NaN", "Infinity", "1e999",
        "2023-01-01 00:00:00-06:00"})
    void read(byte[] csv) {
        PriceSeries prices;
        try {
            prices = PriceSeries.read(FILE.with(csv));
        } catch (InputException expected) {
            return;
        }
        assertTrue(prices.source() != null && !prices.source().isEmpty(), "a read series names its source");
    }
}
