package io.wattshift.miners.fleet;

import io.wattshift.miners.MinerError;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a curtailment achieved.
 *
 * @param hall           the hall
 * @param wattsRequested what was asked to be freed, W
 * @param commanded      miners told to sleep (worst J/TH first)
 * @param confirmed      miners that reported their idle draw before the timeout
 * @param unconfirmed    miners that did not, with the last error if any ({@code null} = still drawing power);
 *                       they stay counted at nameplate
 * @param wattsFreed     nameplate minus reported draw of the confirmed miners, W
 * @param elapsed        from the first command to the last confirmation (or the timeout)
 */
public record CurtailmentReport(String hall, double wattsRequested, List<String> commanded, List<String> confirmed,
                                Map<String, MinerError> unconfirmed, double wattsFreed, Duration elapsed) {

    /** Whether the freed power covers the request. */
    public boolean satisfied() {
        return wattsFreed + 1e-9 >= wattsRequested;
    }
}
