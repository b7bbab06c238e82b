package io.wattshift.testbed;

import java.util.List;

/**
 * What a finished command printed and returned.
 *
 * @param command  the command line that ran
 * @param exitCode its exit status (0 is success)
 * @param stdout   everything it wrote to standard output
 * @param stderr   everything it wrote to standard error
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Returns this result when the command succeeded, otherwise throws with its command line and output. */
    public CommandResult orThrow() {
        if (!succeeded()) {
            throw new CommandFailedException(this);
        }
        return this;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " exited " + exitCode
                + (stdout.isBlank() ? "" : "\n--- stdout ---\n" + stdout.strip())
                + (stderr.isBlank() ? "" : "\n--- stderr ---\n" + stderr.strip());
    }
}
