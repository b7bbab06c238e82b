package io.wattshift.scheduler;

import io.wattshift.scheduler.run.RunCommand;
import io.wattshift.sim.SimulateCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** The scheduler binary: {@code simulate} (no cluster), {@code run} (against a cluster), {@code completion}. */
@Command(name = "wattshift-scheduler", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
    description = "Power- and cooling-aware GPU scheduler for retrofitted mining sites.",
    subcommands = {SimulateCommand.class, RunCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done (or help/version printed)",
        "1:simulate counted a limit violation; run failed to start or lost the leader Lease",
        "2:usage error or bad input (one line naming the option, file, line or field)"},
    footerHeading = "%nShell completion (bash, zsh):%n",
    footer = "  source <(wattshift-scheduler completion)     with wattshift-scheduler on the PATH")
public final class Main implements Runnable {
    /** The mixin name of {@link LogOptions} in every command that logs (RunCommand's field has this name). */
    static final String LOGGING = "logging";

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The whole command tree: one version (the build's) for every command, {@code --log-level}/{@code --log-format}
     * on {@code simulate} too (it lives in another module and does not know Logback), the picocli completion
     * script generator as {@code completion}, and the log options applied before any command runs.
     */
    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new Main());
        AutoComplete.GenerateCompletion completion = new AutoComplete.GenerateCompletion();
        root.addSubcommand("completion", completion);
        // picocli hides its generator by default; a user should find it in the usage
        root.getSubcommands().get("completion").getCommandSpec().usageMessage().hidden(false);
        CommandSpec simulate = root.getSubcommands().get("simulate").getCommandSpec();
        ((SimulateCommand) simulate.userObject()).policyLoader(PolicyFile::load);
        if (!simulate.mixins().containsKey(LOGGING)) {
            simulate.addMixin(LOGGING, CommandSpec.forAnnotatedObject(new LogOptions()));
        }
        BuildVersion version = new BuildVersion();
        forEach(root, c -> c.getCommandSpec().versionProvider(version));
        root.setExecutionStrategy(parsed -> {
            CommandLine last = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
            CommandSpec logging = last.getCommandSpec().mixins().get(LOGGING);
            if (logging != null && !last.isUsageHelpRequested() && !last.isVersionHelpRequested()) {
                ((LogOptions) logging.userObject()).apply();
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        return root;
    }

    private static void forEach(CommandLine command, java.util.function.Consumer<CommandLine> action) {
        action.accept(command);
        command.getSubcommands().values().forEach(sub -> forEach(sub, action));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
