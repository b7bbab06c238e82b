package io.wattshift.engine;

import io.wattshift.engine.constraints.NodeState;
import io.wattshift.engine.model.NodeSpec;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** A GPU node's live state: which GPUs are taken, whether its telemetry is fresh. */
final class Node implements NodeState {
    final String name;
    final NodeSpec spec;
    final Gpu[] gpus;
    final Hall hall;
    final Rack rack;
    final Set<Pod> pods = new LinkedHashSet<>();
    int free;
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

    /** Host overhead a pod of {@code g} GPUs commits, W. */
    double hostShareW(int g) {
        return spec.hostOverheadW() * g / gpus.length;
    }

    /** IT power of a pod on GPUs {@code idx} at per-GPU limit {@code limitW} (0 = each GPU's current limit). */
    double podItW(int[] idx, double limitW) {
        double w = hostShareW(idx.length);
        for (int i : idx) {
            Gpu gpu = gpus[i];
            w += gpu.commitW(limitW > 0 ? gpu.spec.clamp(limitW) : gpu.spec.powerLimitW(), stale);
        }
        return w;
    }

    /** The highest minimum limit among {@code idx}: a cap below it cannot be set. */
    double minSettableW(int[] idx) {
        double m = 0;
        for (int i : idx) {
            m = Math.max(m, gpus[i].spec.minLimitW());
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
            if (gpu.owner == null) {
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
