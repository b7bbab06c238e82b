package io.wattshift.testbed.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Times a run from the API server's side: a watch on the bench namespace notes when each pod is first seen with a
 * node. Started before the scheduler, from the resourceVersion of a list, so no bind is missed.
 */
final class BindWatch implements AutoCloseable {
    private final Set<String> bound = new HashSet<>();
    private long firstBindNanos;
    private long lastBindNanos;
    private String failure;
    private final Watch watch;

    BindWatch(KubernetesClient client, String namespace) {
        String rv = client.pods().inNamespace(namespace).list().getMetadata().getResourceVersion();
        watch = client.pods().inNamespace(namespace).withResourceVersion(rv).watch(new Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
                if (node != null && !node.isEmpty()) {
                    seen(pod.getMetadata().getName(), System.nanoTime());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                fail("the pod watch closed: " + cause);
            }
        });
    }

    private synchronized void seen(String pod, long now) {
        if (bound.add(pod)) {
            if (bound.size() == 1) {
                firstBindNanos = now;
            }
            lastBindNanos = now;
            notifyAll();
        }
    }

    private synchronized void fail(String why) {
        failure = why;
        notifyAll();
    }

    /** The figures so far. */
    synchronized Result result() {
        return new Result(bound.size(), firstBindNanos, lastBindNanos);
    }

    /**
     * Waits until {@code expected} pods are bound, or {@code settle} passed with no new bind after the first, or no
     * bind came within {@code firstBindTimeout}.
     */
    synchronized Result await(int expected, Duration settle, Duration firstBindTimeout) throws InterruptedException {
        long start = System.nanoTime();
        while (bound.size() < expected && failure == null) {
            long now = System.nanoTime();
            if (bound.isEmpty()) {
                long left = firstBindTimeout.toNanos() - (now - start);
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            } else {
                long left = settle.toNanos() - (now - lastBindNanos);
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return result();
    }

    @Override
    public void close() {
        watch.close();
    }

    /**
     * @param bound          pods seen bound
     * @param firstBindNanos {@link System#nanoTime()} of the first
     * @param lastBindNanos  and of the last
     */
    record Result(int bound, long firstBindNanos, long lastBindNanos) {
        double seconds() {
            return (lastBindNanos - firstBindNanos) / 1e9;
        }

        /** Pods per second from first to last bind; the first bind opens the window, so bound - 1 over it. */
        double podsPerSecond() {
            return bound < 2 ? 0 : (bound - 1) / seconds();
        }
    }
}
