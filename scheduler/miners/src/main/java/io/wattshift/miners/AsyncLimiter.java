package io.wattshift.miners;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs at most {@code permits} asynchronous tasks at once; the rest wait in FIFO order. Tasks start on
 * {@code executor} (the I/O threads), so a caller submitting thousands of requests only queues them. Never blocks
 * a thread. Thread-safe.
 */
public final class AsyncLimiter {

    private final int permits;
    private final java.util.concurrent.Executor executor;
    private final AtomicInteger running = new AtomicInteger();
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    public AsyncLimiter(int permits, java.util.concurrent.Executor executor) {
        this.permits = permits;
        this.executor = executor;
    }

    public <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        waiting.add(() -> {
            CompletableFuture<T> f;
            try {
                f = task.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((v, e) -> {
                running.decrementAndGet();
                drain();
                if (e != null) result.completeExceptionally(e);
                else result.complete(v);
            });
        });
        drain();
        return result;
    }

    public int inFlight() {
        return running.get();
    }

    private void drain() {
        while (true) {
            int r = running.get();
            if (r >= permits || waiting.isEmpty()) return;
            if (!running.compareAndSet(r, r + 1)) continue;
            Runnable next = waiting.poll();
            if (next == null) {
                running.decrementAndGet();
                // another thread took the last task between isEmpty and poll: re-check, a task may have arrived
                if (waiting.isEmpty()) return;
                continue;
            }
            try {
                executor.execute(next);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                next.run(); // shutting down: the task fails fast on the closed transport
            }
        }
    }
}
