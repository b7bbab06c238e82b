package io.wattshift.scheduler;

import io.wattshift.scheduler.run.RunCommand;
import io.wattshift.sim.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The scheduler binary: {@code simulate} (no cluster) and {@code run} (against a cluster). */
@Command(name = "wattshift-scheduler", mixinStandardHelpOptions = true, version = "wattshift-scheduler 0.1.0",
    description = "Power- and cooling-aware GPU scheduler for retrofitted mining sites.",
    subcommands = {SimulateCommand.class, RunCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
