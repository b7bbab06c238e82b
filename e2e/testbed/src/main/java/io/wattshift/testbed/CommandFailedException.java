package io.wattshift.testbed;

/** A command of the test bed (e2e/cluster, kubectl, helm) exited with a non-zero status. */
public final class CommandFailedException extends RuntimeException {

    private final transient CommandResult result;

    public CommandFailedException(CommandResult result) {
        super(result.toString());
        this.result = result;
    }

    public CommandResult result() {
        return result;
    }
}
