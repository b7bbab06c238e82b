package io.wattshift.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the fewest lower-priority preemptible jobs whose removal lets a job fit: victims are lifted off the books
 * one at a time (lowest priority, largest first) until a trial placement succeeds, then each is put back if the
 * job still fits without it. Victims keep their power until the adapter reports their pods gone, so the job never
 * binds into power they still draw.
 */
final class Preemptor {
    /** How many candidates a trial looks at: preemption is rare, but must stay cheap when it happens. */
    private static final int MAX_CANDIDATES = 64;

    private record Held(Node node, int[] gpus, double limitW, Pod.State state, Instant assumedAt) {
    }

    private final State s;
    private final Evictions evictions;

    Preemptor(State s, Evictions evictions) {
        this.s = s;
        this.evictions = evictions;
    }

    boolean tryPreempt(Job job, List<Pod> pods, List<Decision> out) {
        List<Job> candidates = candidates(job);
        if (candidates.isEmpty()) {
            return false;
        }
        long free = 0;
        for (Hall h : s.books.halls.values()) {
            free += h.freeGpus;
        }
        for (Job c : candidates) {
            free += c.heldGpus();
        }
        if (free < (long) pods.size() * job.spec.gpusPerPod()) {
            return false;
        }
        Map<Pod, Held> lifted = new LinkedHashMap<>();
        List<Job> chosen = new ArrayList<>();
        boolean fits = false;
        for (Job c : candidates) {
            lift(c, lifted);
            chosen.add(c);
            if (fitsNow(job, pods)) {
                fits = true;
                break;
            }
        }
        if (fits) {
            for (int i = chosen.size() - 2; i >= 0; i--) {
                Job c = chosen.get(i);
                putBack(c, lifted);
                if (fitsNow(job, pods)) {
                    chosen.remove(i);
                } else {
                    lift(c, lifted);
                }
            }
        }
        for (Job c : new ArrayList<>(chosen)) {
            putBack(c, lifted);
        }
        if (!fits) {
            return false;
        }
        List<String> victims = new ArrayList<>();
        String reason = String.format("preempted for %s (priority %d)", job.key(), job.spec.priority());
        List<Decision> ignored = new ArrayList<>();
        for (Job c : chosen) {
            evictions.evict(c, job.key(), reason, false, ignored);
            victims.add(c.key());
        }
        job.awaitingVictims.addAll(victims);
        out.add(new Decision.Preempt(job.key(), victims, reason));
        return true;
    }

    private boolean fitsNow(Job job, List<Pod> pods) {
        if (s.placer.place(job, pods, s.policy, true, true)) {
            s.placer.rollback(pods);
            return true;
        }
        return false;
    }

    private List<Job> candidates(Job job) {
        List<Job> list = new ArrayList<>();
        for (Job c : s.jobs.values()) {
            if (c.spec.preemptible() && c.spec.priority() < job.spec.priority()
                && c.state != Job.State.TERMINATING && c.state != Job.State.PERMIT && c.heldGpus() > 0) {
                list.add(c);
            }
        }
        list.sort(Comparator.comparingInt((Job c) -> c.spec.priority())
            .thenComparing(Comparator.comparingInt(Job::heldGpus).reversed())
            .thenComparing((Job c) -> c.spec.submitted(), Comparator.reverseOrder())
            .thenComparing(Job::key));
        return list.size() > MAX_CANDIDATES ? list.subList(0, MAX_CANDIDATES) : list;
    }

    private void lift(Job c, Map<Pod, Held> lifted) {
        for (Pod p : c.pods) {
            if (p.holds()) {
                lifted.put(p, new Held(p.node, p.gpus, p.limitW, p.state, p.assumedAt));
                s.books.release(p);
            }
        }
    }

    private void putBack(Job c, Map<Pod, Held> lifted) {
        for (Pod p : c.pods) {
            Held h = lifted.remove(p);
            if (h != null) {
                s.books.reserve(p, h.node(), h.gpus(), h.limitW());
                s.books.bind(p, h.assumedAt());
                p.state = h.state();
            }
        }
    }
}
