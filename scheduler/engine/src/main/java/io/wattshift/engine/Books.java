package io.wattshift.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine's accounting: every change to what pods hold goes through here, so the rack, hall, site and tenant
 * sums and the free-GPU / free-kW indexes always move together. Usage is kept twice, per tenant (what its power
 * quota counts) and per fair-share queue (what the queue order's dominant share counts); {@link #charge} moves
 * both, so they cannot drift apart.
 */
final class Books {
    final Map<String, Site> sites = new LinkedHashMap<>();
    final Map<String, Hall> halls = new LinkedHashMap<>();
    final Map<String, Node> nodes = new HashMap<>();
    /** tenant -> {GPUs held, feed kW held}. */
    final Map<String, double[]> tenants = new HashMap<>();
    /** fair-share queue -> {GPUs held, feed kW held}. */
    final Map<String, double[]> queues = new HashMap<>();
    int totalGpus;

    /** Put {@code pod} on {@code gpus} of {@code node} as a permit (reserved, not yet bound). */
    void reserve(Pod pod, Node node, int[] gpus, double limitW) {
        double itW = node.podItW(pod.job.spec, gpus, limitW);
        Rack rack = node.rack;
        Hall hall = node.hall;
        hall.unindex(rack);
        rack.unfile(node);
        for (int i : gpus) {
            node.gpus[i].owner = pod;
        }
        node.free -= gpus.length;
        node.pods.add(pod);
        node.charge(pod.job.spec, 1);
        rack.file(node);
        rack.freeGpus -= gpus.length;
        hall.freeGpus -= gpus.length;
        rack.usedKw += itW / 1000;
        hall.index(rack);
        hall.permitKw += feedKw(hall, itW);
        hall.permitItKw += itW / 1000;
        pod.node = node;
        pod.gpus = gpus;
        pod.limitW = limitW;
        pod.itW = itW;
        pod.state = Pod.State.PERMIT;
        charge(pod, gpus.length, feedKw(hall, itW));
    }

    /** A permit becomes an assumed bind: its power moves from the permit column to the AI column. */
    void bind(Pod pod, Instant now) {
        Hall hall = pod.node.hall;
        hall.permitKw -= feedKw(hall, pod.itW);
        hall.permitItKw -= pod.itW / 1000;
        hall.aiKw += feedKw(hall, pod.itW);
        hall.aiItKw += pod.itW / 1000;
        pod.state = Pod.State.ASSUMED;
        pod.assumedAt = now;
    }

    /** Give back everything {@code pod} holds; its state is left to the caller. */
    void release(Pod pod) {
        if (!pod.holds()) {
            return;
        }
        Node node = pod.node;
        Rack rack = node.rack;
        Hall hall = node.hall;
        moveColumns(pod, -pod.itW);
        hall.unindex(rack);
        rack.unfile(node);
        for (int i : pod.gpus) {
            node.gpus[i].owner = null;
        }
        node.free += pod.gpus.length;
        node.pods.remove(pod);
        node.charge(pod.job.spec, -1);
        rack.file(node);
        rack.freeGpus += pod.gpus.length;
        hall.freeGpus += pod.gpus.length;
        rack.usedKw -= pod.itW / 1000;
        hall.index(rack);
        charge(pod, -pod.gpus.length, -feedKw(hall, pod.itW));
        pod.node = null;
        pod.gpus = null;
        pod.itW = 0;
    }

    /**
     * Other schedulers' pods hold {@code count} GPUs of {@code node} (its facts say so): that many free GPUs, the
     * highest-numbered first, stop being free, and their power is booked as AI power of the rack and hall (not of
     * any tenant): nameplate per GPU plus their host share, since this engine neither caps nor sees their limits.
     * Where fewer GPUs are free than they hold (a foreign pod bound onto GPUs this engine had placed a pod on), the
     * free ones are held and every one of theirs is booked: the books err high until the shim reconciles.
     * Replaces any earlier hold.
     */
    void holdForeign(Node node, int count) {
        releaseForeign(node);
        if (count == 0) {
            return;
        }
        Rack rack = node.rack;
        Hall hall = node.hall;
        hall.unindex(rack);
        rack.unfile(node);
        int held = 0;
        double maxW = 0;
        double w = node.hostShareW(count);
        for (int i = node.gpus.length - 1; i >= 0; i--) {
            Gpu g = node.gpus[i];
            maxW = Math.max(maxW, g.spec.maxLimitW());
            if (held < count && g.owner == null) {
                g.foreign = true;
                held++;
                w += g.spec.maxLimitW();
            }
        }
        w += (count - held) * maxW;
        node.free -= held;
        node.foreignHeld = held;
        node.foreignItW = w;
        rack.file(node);
        rack.freeGpus -= held;
        hall.freeGpus -= held;
        rack.usedKw += w / 1000;
        hall.index(rack);
        hall.aiKw += feedKw(hall, w);
        hall.aiItKw += w / 1000;
    }

    /** Give back what {@link #holdForeign} holds on the node. */
    void releaseForeign(Node node) {
        if (node.foreignItW == 0 && node.foreignHeld == 0) {
            return;
        }
        Rack rack = node.rack;
        Hall hall = node.hall;
        hall.unindex(rack);
        rack.unfile(node);
        for (Gpu g : node.gpus) {
            g.foreign = false;
        }
        node.free += node.foreignHeld;
        rack.file(node);
        rack.freeGpus += node.foreignHeld;
        hall.freeGpus += node.foreignHeld;
        rack.usedKw -= node.foreignItW / 1000;
        hall.index(rack);
        hall.aiKw -= feedKw(hall, node.foreignItW);
        hall.aiItKw -= node.foreignItW / 1000;
        node.foreignHeld = 0;
        node.foreignItW = 0;
    }

    /** Change what a held pod commits (a new cap, or its node's telemetry went stale or fresh). */
    void adjust(Pod pod, double newItW) {
        double delta = newItW - pod.itW;
        if (delta == 0) {
            return;
        }
        Hall hall = pod.node.hall;
        Rack rack = pod.node.rack;
        hall.unindex(rack);
        rack.usedKw += delta / 1000;
        hall.index(rack);
        moveColumns(pod, delta);
        charge(pod, 0, feedKw(hall, delta));
        pod.itW = newItW;
    }

    private void moveColumns(Pod pod, double deltaW) {
        Hall hall = pod.node.hall;
        if (pod.state == Pod.State.PERMIT) {
            hall.permitKw += feedKw(hall, deltaW);
            hall.permitItKw += deltaW / 1000;
        } else {
            hall.aiKw += feedKw(hall, deltaW);
            hall.aiItKw += deltaW / 1000;
        }
    }

    /** The hall's cooling overhead changed from {@code oldOverhead}: restate its feed columns, tenants and queues. */
    void rescaleOverhead(Hall hall, double oldOverhead) {
        double factor = hall.spec.coolingOverhead();
        hall.aiKw = hall.aiItKw * factor;
        hall.permitKw = hall.permitItKw * factor;
        for (Node n : hall.nodes) {
            for (Pod p : n.pods) {
                charge(p, 0, p.itW / 1000 * (factor - oldOverhead));
            }
        }
    }

    static double feedKw(Hall hall, double itW) {
        return itW / 1000 * hall.spec.coolingOverhead();
    }

    /** Charge {@code gpus} and feed {@code kw} (negative: give back) to the pod's tenant and its queue. */
    private void charge(Pod pod, int gpus, double kw) {
        add(tenants, pod.job.spec.tenant(), gpus, kw);
        add(queues, pod.job.spec.queue(), gpus, kw);
    }

    private static void add(Map<String, double[]> usage, String key, int gpus, double kw) {
        double[] use = usage.computeIfAbsent(key, k -> new double[2]);
        use[0] += gpus;
        use[1] += kw;
    }

    double tenantKw(String tenant) {
        double[] use = tenants.get(tenant);
        return use == null ? 0 : use[1];
    }

    /** Dominant share of a fair-share queue: the larger of its GPU share and its power share of the sites. */
    double dominantShare(String queue) {
        double[] use = queues.get(queue);
        if (use == null) {
            return 0;
        }
        double siteKw = 0;
        for (Site s : sites.values()) {
            siteKw += s.spec.gridLimitKw();
        }
        double g = totalGpus == 0 ? 0 : use[0] / totalGpus;
        double k = siteKw == 0 ? 0 : use[1] / siteKw;
        return Math.max(g, k);
    }
}
