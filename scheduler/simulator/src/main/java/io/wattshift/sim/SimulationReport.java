package io.wattshift.sim;

import java.util.List;

/**
 * The whole report: what was simulated and each policy's results (the {@code --report-json} document).
 *
 * @param miners the fleet model that played the miners ({@code virtual} or {@code tcp ...})
 */
public record SimulationReport(String site, String trace, String prices, double hashpriceUsdPerPhDay,
                               String miners, List<PolicyReport> policies) {
}
