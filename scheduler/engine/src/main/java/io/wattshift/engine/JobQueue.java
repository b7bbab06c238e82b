package io.wattshift.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Pending jobs in three queues, as in kube-scheduler: active (tried this step), backoff (a bind failed; tried
 * again after a delay) and parked (did not fit; moved back to active by an event that frees capacity).
 *
 * <p>Active order: priority (high first), then the fair-share queue ({@code JobSpec.queue}, by default the tenant)
 * with the lowest dominant share, then age. The share is asked for at each pop, so binds within one step already
 * shift the order between queues.
 */
final class JobQueue {
    private static final Comparator<Job> BY_AGE =
        Comparator.comparing((Job j) -> j.spec.submitted()).thenComparingLong(j -> j.seq);

    /** priority (descending) -> fair-share queue -> jobs by age. */
    private final NavigableMap<Integer, Map<String, TreeSet<Job>>> active =
        new TreeMap<>(Comparator.reverseOrder());
    private final Set<Job> parked = new LinkedHashSet<>();
    private final TreeSet<Job> backoff = new TreeSet<>(
        Comparator.comparing((Job j) -> j.backoffUntil).thenComparingLong(j -> j.seq));
    private int activeSize;

    void enqueue(Job job) {
        job.state = Job.State.QUEUED;
        boolean added = active.computeIfAbsent(job.spec.priority(), p -> new LinkedHashMap<>())
            .computeIfAbsent(job.spec.queue(), q -> new TreeSet<>(BY_AGE)).add(job);
        if (added) {
            activeSize++;
        }
    }

    void park(Job job) {
        job.state = Job.State.PARKED;
        parked.add(job);
    }

    void backoff(Job job, Instant until) {
        job.state = Job.State.BACKOFF;
        job.backoffUntil = until;
        backoff.add(job);
    }

    /** Take a job out of whichever queue holds it. */
    void remove(Job job) {
        if (parked.remove(job)) {
            return;
        }
        if (job.backoffUntil != null && backoff.remove(job)) {
            return;
        }
        Map<String, TreeSet<Job>> level = active.get(job.spec.priority());
        if (level != null) {
            TreeSet<Job> jobs = level.get(job.spec.queue());
            if (jobs != null && jobs.remove(job)) {
                activeSize--;
                if (jobs.isEmpty()) {
                    level.remove(job.spec.queue());
                }
                if (level.isEmpty()) {
                    active.remove(job.spec.priority());
                }
            }
        }
    }

    /** Parked work gets another chance: something freed capacity. */
    void unparkAll() {
        List<Job> jobs = new ArrayList<>(parked);
        parked.clear();
        for (Job j : jobs) {
            enqueue(j);
        }
    }

    /** Jobs whose backoff has passed go back to active. */
    void releaseBackoff(Instant now) {
        while (!backoff.isEmpty() && !backoff.first().backoffUntil.isAfter(now)) {
            Job j = backoff.pollFirst();
            j.backoffUntil = null;
            enqueue(j);
        }
    }

    /**
     * The next job to try, or null: highest priority, then the queue with the lowest dominant share
     * ({@code share} maps a queue name to it), then oldest.
     */
    Job poll(ToDoubleFunction<String> share) {
        Map.Entry<Integer, Map<String, TreeSet<Job>>> top = active.firstEntry();
        if (top == null) {
            return null;
        }
        Map<String, TreeSet<Job>> level = top.getValue();
        String best = null;
        double bestShare = 0;
        Job bestHead = null;
        for (Map.Entry<String, TreeSet<Job>> e : level.entrySet()) {
            double s = level.size() == 1 ? 0 : share.applyAsDouble(e.getKey());
            Job head = e.getValue().first();
            if (best == null || s < bestShare || (s == bestShare && BY_AGE.compare(head, bestHead) < 0)) {
                best = e.getKey();
                bestShare = s;
                bestHead = head;
            }
        }
        TreeSet<Job> jobs = level.get(best);
        Job job = jobs.pollFirst();
        activeSize--;
        if (jobs.isEmpty()) {
            level.remove(best);
        }
        if (level.isEmpty()) {
            active.remove(top.getKey());
        }
        return job;
    }

    int activeSize() {
        return activeSize;
    }

    int parkedSize() {
        return parked.size();
    }

    int backoffSize() {
        return backoff.size();
    }

    Iterator<Job> parkedIterator() {
        return parked.iterator();
    }
}
