package io.wattshift.chart;

import io.wattshift.scheduler.run.RunCommand;
import picocli.CommandLine;

/** Runs {@code scheduler run} in its own JVM for {@link ChartInstallE2E}, as the chart's container would. */
public final class ChartSchedulerMain {
    private ChartSchedulerMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RunCommand()).execute(args));
    }
}
