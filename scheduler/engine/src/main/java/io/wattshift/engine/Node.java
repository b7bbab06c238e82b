package io.wattshift.engine;

import io.wattshift.engine.constraints.NodeState;
import io.wattshift.engine.model.JobSpec;
import io.wattshift.engine.model.NodeFacts;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.Resources;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A GPU node's live state: which GPUs are taken (by our pods, or by other schedulers' pods), what our pods
 * request there, whether its telemetry is fresh.
 */
final class Node implements NodeState {
    final String name;
    /** Replaced in place when only its facts change ({@code Inventory.upsertNode}). */
    NodeSpec spec;
    final Gpu[] gpus;
    final Hall hall;
    final Rack rack;
    final Set<Pod> pods = new LinkedHashSet<>();
    int free;
    /** What our pods holding this node request, by resource (only pods that request anything). */
    final Map<String, Long> requested = new HashMap<>();
    /** GPUs marked {@link Gpu#foreign} (other schedulers' pods), and the IT power booked for those pods, W. */
    int foreignHeld;
    double foreignItW;
    Instant telemetryAt;
    /** A node that never reported, or whose last report is too old, counts at nameplate. */
    boolean stale = true;

    Node(NodeSpec spec, Hall hall, Rack rack) {
        this.name = spec.name();
        this.spec = spec;
        this.hall = hall;
        this.rack = rack;
        this.gpus = new Gpu[spec.gpus().size()];
        for (int i = 0; i < gpus.length; i++) {
            gpus[i] = new Gpu(i, spec.gpus().get(i));
        }
        this.free = gpus.length;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public NodeSpec spec() {
        return spec;
    }

    @Override
    public int freeGpus() {
        return free;
    }

    @Override
    public boolean stale() {
        return stale;
    }

    @Override
    public NodeFacts facts() {
        return spec.facts();
    }

    @Override
    public long requested(String resource) {
        Long v = requested.get(resource);
        return v == null ? 0 : v;
    }

    @Override
    public int podCount() {
        return pods.size();
    }

    /** Add ({@code sign} 1) or take back (-1) what a pod of {@code job} requests here. */
    void charge(JobSpec job, int sign) {
        Resources r = job.requirements().requests();
        if (r.isEmpty()) {
            return;
        }
        r.amounts().forEach((k, v) -> requested.merge(k, sign * v, Long::sum));
    }

    /** Host overhead a pod of {@code g} GPUs commits, W. */
    double hostShareW(int g) {
        return spec.hostOverheadW() * g / gpus.length;
    }

    /**
     * IT power of a pod of {@code job} on GPUs {@code idx} at per-GPU limit {@code limitW} (0 = each GPU's
     * default). A CPU-only pod ({@code idx} empty) commits host power only: {@link #cpuPodW}.
     */
    double podItW(JobSpec job, int[] idx, double limitW) {
        if (idx.length == 0) {
            return cpuPodW(job);
        }
        double w = hostShareW(idx.length);
        for (int i : idx) {
            Gpu gpu = gpus[i];
            w += gpu.commitW(gpu.enforcedW(limitW), stale);
        }
        return w;
    }

    /**
     * What a CPU-only pod commits, W: the host overhead in the proportion of the node's allocatable CPU the pod
     * requests, or one GPU's share of it when either is unknown. GPU pods already commit the host in proportion
     * to their GPUs, so a node full of both is booked above its host overhead: the books err high, never low.
     */
    double cpuPodW(JobSpec job) {
        long alloc = spec.facts().allocatable().get(Resources.CPU);
        long cpu = job.requirements().requests().get(Resources.CPU);
        if (alloc > 0 && cpu > 0) {
            return spec.hostOverheadW() * Math.min(1.0, (double) cpu / alloc);
        }
        return hostShareW(1);
    }

    /** The highest minimum limit among {@code idx} (a refused cap included): a cap below it cannot be set. */
    double minSettableW(int[] idx) {
        double m = 0;
        for (int i : idx) {
            m = Math.max(m, Math.max(gpus[i].spec.minLimitW(), gpus[i].refusedBelowW));
        }
        return m;
    }

    /**
     * The {@code g} coolest free GPUs, or null when fewer are free. Hot GPUs sort last (they throttle and
     * score worse).
     */
    int[] chooseGpus(int g) {
        if (free < g) {
            return null;
        }
        Integer[] idx = new Integer[free];
        int n = 0;
        for (Gpu gpu : gpus) {
            if (gpu.owner == null && !gpu.foreign) {
                idx[n++] = gpu.index;
            }
        }
        java.util.Arrays.sort(idx, 0, n, (a, b) -> {
            int c = Double.compare(gpus[a].temperatureC, gpus[b].temperatureC);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[g];
        for (int i = 0; i < g; i++) {
            out[i] = idx[i];
        }
        java.util.Arrays.sort(out);
        return out;
    }

    @Override
    public int hotCount(int[] idx, double marginC) {
        int h = 0;
        for (int i : idx) {
            if (gpus[i].hot(marginC)) {
                h++;
            }
        }
        return h;
    }
}
