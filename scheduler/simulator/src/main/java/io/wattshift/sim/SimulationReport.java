package io.wattshift.sim;

import java.util.List;

/** The whole report: what was simulated and each policy's results (the {@code --report-json} document). */
public record SimulationReport(String site, String trace, String prices, double hashpriceUsdPerPhDay,
                               List<PolicyReport> policies) {
}
