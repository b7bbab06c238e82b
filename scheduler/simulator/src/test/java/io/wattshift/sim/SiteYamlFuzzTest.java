package io.wattshift.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the site YAML loader ({@code simulate --site FILE.yaml}) with arbitrary files. The contract
 * ({@link SiteLoader}): a {@link SiteConfig}, or an {@link InputException} naming the file (exit code 2); never
 * another exception, never a hang. A site that loads can be asked what the trace readers ask of it.
 *
 * <p>The default build replays {@code SiteYamlFuzzTestInputs/load} (the built-in site, small variants and every
 * finding) and fuzzes for {@code fuzz.duration}; see docs/reliability.md#fuzzing to fuzz longer.
 */
class SiteYamlFuzzTest {
    private static final FuzzFile FILE = new FuzzFile(".yaml");

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"site:", "halls:", "name:", "gridKw:", "energyUsdPerMwh:", "hashpriceUsdPerPhDay:",
        "aiUsdPerGpuHour:", "staticSplitMiningFraction:", "feedKw:", "cooling:", "capacityKw:", "ratedAmbientC:",
        "deratePerC:", "ambient:", "meanC:", "swingC:", "coolingOverhead:", "racks:", "count:", "limitKw:",
        "nodesPerRack:", "gpu:", "model:", "perNode:", "defaultW:", "minW:", "maxW:", "slowdownC:", "hostOverheadW:",
        "miners:", "wattsEach:", "joulesPerTh:", "standbyW:", "  - ", "{", "}", "[", "]", "&a", "*a", "!!", "~", ".nan",
        ".inf", "1e999"})
    void load(byte[] yaml) {
        SiteConfig site;
        try {
            site = SiteLoader.load(FILE.with(yaml));
        } catch (InputException expected) {
            return;
        }
        int largest = site.largestNodeGpus();
        assertTrue(largest > 0, "a loaded site has GPUs on its largest node, got " + largest);
        for (int gpus = 1; gpus <= Math.min(largest, 64); gpus++) {
            site.podSlots(gpus);
        }
    }
}
