package io.wattshift.testbed;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: the one wait loop of Wattshift's tests. */
public final class Await {
    private Await() {}

    /** Waits until {@code condition} holds; fails with an {@link AssertionError} naming {@code what} at the deadline. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> null);
    }

    /**
     * As {@link #until(String, Duration, BooleanSupplier)}, adding {@code state} (read once, at the deadline) to the
     * failure message so a timed-out test says what it saw. Runs on the calling thread.
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Short waits poll often (loopback servers answer in ms); long ones, against an API server, less often.
        long pollMillis = Math.max(10, Math.min(250, timeout.toMillis() / 100));
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String now = state.get();
                throw new AssertionError("timed out after " + timeout.toMillis() / 1000.0 + " s waiting for " + what
                        + (now == null ? "" : "; now: " + now));
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** A condition for objects that may not exist yet: an exception while reading counts as "not yet". */
    public static BooleanSupplier ignoringExceptions(BooleanSupplier condition) {
        return () -> {
            try {
                return condition.getAsBoolean();
            } catch (RuntimeException notThereYet) {
                return false;
            }
        };
    }
}
