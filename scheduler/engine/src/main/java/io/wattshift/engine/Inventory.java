package io.wattshift.engine;

import io.wattshift.engine.model.GpuReading;
import io.wattshift.engine.model.HallSpec;
import io.wattshift.engine.model.NodeFacts;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.NodeTelemetry;
import io.wattshift.engine.model.RackSpec;
import io.wattshift.engine.model.SiteSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** Sites, halls, racks and nodes coming and going, and node telemetry with its staleness clock. */
final class Inventory {
    private final State s;
    private final Evictions evictions;
    /** Nodes with fresh telemetry, oldest sample first: the head is the next to go stale. */
    private final TreeSet<Node> fresh = new TreeSet<>(
        Comparator.comparing((Node n) -> n.telemetryAt).thenComparing(n -> n.name));

    Inventory(State s, Evictions evictions) {
        this.s = s;
        this.evictions = evictions;
    }

    void upsertSite(SiteSpec spec) {
        Site site = s.books.sites.get(spec.name());
        if (site == null) {
            s.books.sites.put(spec.name(), new Site(spec));
            s.capacityFreed = true;
        } else {
            markLimitChange(spec.gridLimitKw(), site.spec.gridLimitKw());
            site.spec = spec;
        }
    }

    void removeSite(String name) {
        Site site = s.books.sites.get(name);
        if (site == null) {
            return;
        }
        for (Hall h : new ArrayList<>(site.halls)) {
            removeHall(h.name());
        }
        s.books.sites.remove(name);
    }

    void upsertHall(HallSpec spec) {
        Site site = s.books.sites.get(spec.site());
        if (site == null) {
            throw new IllegalArgumentException("hall " + spec.name() + ": unknown site " + spec.site());
        }
        Hall hall = s.books.halls.get(spec.name());
        if (hall == null) {
            hall = new Hall(spec);
            s.books.halls.put(spec.name(), hall);
            s.capacityFreed = true;
            if (spec.miners().standbyKw() > 0) {
                s.limitsDirty = true; // the new fleet's standby may not fit under the site's interconnect
            }
        } else {
            markLimitChange(spec.feedKw(), hall.spec.feedKw());
            markLimitChange(spec.cooling().capacityAt(hall.ambientC), hall.coolingKw());
            // more standby is less room, like a lower limit
            markLimitChange(hall.standbyKw(), spec.miners().standbyKw());
            hall.site.halls.remove(hall);
            double oldOverhead = hall.spec.coolingOverhead();
            hall.spec = spec;
            if (oldOverhead != spec.coolingOverhead()) {
                s.books.rescaleOverhead(hall, oldOverhead);
                s.limitsDirty = true;
            }
        }
        if (hall.site != null && hall.site != site) {
            s.limitsDirty = true; // its AI, lease and standby now count against another interconnect
        }
        hall.site = site;
        site.halls.add(hall);
        for (RackSpec rs : spec.racks()) {
            Rack rack = hall.racks.get(rs.name());
            if (rack == null) {
                rack = new Rack(rs.name(), hall, rs.limitKw());
                hall.racks.put(rs.name(), rack);
                hall.index(rack);
            } else {
                markLimitChange(rs.limitKw(), rack.limitKw);
                hall.unindex(rack);
                rack.limitKw = rs.limitKw();
                hall.index(rack);
            }
        }
        // Racks gone from the spec stay while nodes stand in them: the PDU is still there.
        java.util.Set<String> named = new java.util.HashSet<>();
        spec.racks().forEach(rs -> named.add(rs.name()));
        for (Rack r : new ArrayList<>(hall.racks.values())) {
            if (!named.contains(r.name) && r.byFree.stream().allMatch(java.util.Set::isEmpty)) {
                hall.unindex(r);
                hall.racks.remove(r.name);
            }
        }
    }

    void updateAmbient(String hallName, double celsius) {
        Hall hall = s.books.halls.get(hallName);
        if (hall == null) {
            return;
        }
        double before = hall.coolingKw();
        hall.ambientC = celsius;
        markLimitChange(hall.coolingKw(), before);
    }

    void removeHall(String name) {
        Hall hall = s.books.halls.get(name);
        if (hall == null) {
            return;
        }
        for (Node n : new ArrayList<>(hall.nodes)) {
            removeNode(n.name);
        }
        hall.site.halls.remove(hall);
        s.books.halls.remove(name);
        s.capacityFreed = true; // its standby no longer counts against the site
    }

    void upsertNode(NodeSpec spec) {
        Hall hall = s.books.halls.get(spec.hall());
        if (hall == null) {
            throw new IllegalArgumentException("node " + spec.name() + ": unknown hall " + spec.hall());
        }
        Rack rack = hall.racks.get(spec.rack());
        if (rack == null) {
            throw new IllegalArgumentException("node " + spec.name() + ": unknown rack " + spec.rack()
                + " in hall " + spec.hall());
        }
        Node old = s.books.nodes.get(spec.name());
        if (old != null) {
            if (old.spec.equals(spec)) {
                return;
            }
            if (old.spec.withFacts(NodeFacts.NONE).equals(spec.withFacts(NodeFacts.NONE))) {
                updateFacts(old, spec);
                return;
            }
            removeNode(spec.name());
        }
        Node node = new Node(spec, hall, rack);
        s.books.nodes.put(spec.name(), node);
        hall.nodes.add(node);
        hall.unindex(rack);
        rack.file(node);
        rack.freeGpus += node.gpus.length;
        hall.index(rack);
        hall.gpus += node.gpus.length;
        hall.freeGpus += node.gpus.length;
        s.books.totalGpus += node.gpus.length;
        for (Gpu g : node.gpus) {
            hall.minGpuW = Math.min(hall.minGpuW, g.spec.minLimitW());
        }
        s.capacityFreed = true;
        if (spec.facts().foreignGpus() > 0) {
            s.books.holdForeign(node, spec.facts().foreignGpus());
            s.limitsDirty = true; // other schedulers' power may not fit where it stands
        }
    }

    /**
     * Only the node's facts changed (labels, taints, allocatable, other schedulers' pods): updated in place, its
     * pods stay. More foreign power is checked against every limit; anything else may let parked jobs fit.
     */
    private void updateFacts(Node node, NodeSpec spec) {
        double before = node.foreignItW;
        node.spec = spec;
        s.books.holdForeign(node, spec.facts().foreignGpus());
        markLimitChange(before, node.foreignItW);
        s.capacityFreed = true;
    }

    /** A node is gone (deleted or lost): its pods are lost with it. */
    void removeNode(String name) {
        Node node = s.books.nodes.get(name);
        if (node == null) {
            return;
        }
        evictions.nodeLost(node);
        s.books.releaseForeign(node);
        if (node.telemetryAt != null) {
            fresh.remove(node);
        }
        Rack rack = node.rack;
        Hall hall = node.hall;
        hall.unindex(rack);
        rack.unfile(node);
        rack.freeGpus -= node.gpus.length;
        hall.index(rack);
        hall.gpus -= node.gpus.length;
        hall.freeGpus -= node.gpus.length;
        hall.nodes.remove(node);
        s.books.totalGpus -= node.gpus.length;
        s.books.nodes.remove(name);
    }

    /** Apply a telemetry sample; returns false for an unknown node. */
    boolean updateTelemetry(NodeTelemetry t, Instant now) {
        Node node = s.books.nodes.get(t.node());
        if (node == null) {
            return false;
        }
        for (GpuReading r : t.gpus()) {
            if (r.index() < 0 || r.index() >= node.gpus.length) {
                continue;
            }
            Gpu gpu = node.gpus[r.index()];
            gpu.temperatureC = r.temperatureC();
            if (gpu.refusedBelowW > 0 && r.powerLimitW() > 0 && r.powerLimitW() < gpu.refusedBelowW) {
                // it enforces less than it once refused to: the refusal is over, its pod is booked as asked
                gpu.refusedBelowW = 0;
                if (gpu.owner != null) {
                    s.books.adjust(gpu.owner, node.podItW(gpu.owner.job.spec, gpu.owner.gpus, gpu.owner.limitW));
                    s.capacityFreed = true;
                }
            }
            if (gpu.owner == null && r.powerLimitW() > 0) {
                gpu.limitW = r.powerLimitW();
            }
        }
        if (node.telemetryAt != null && !t.at().isAfter(node.telemetryAt)) {
            return true;
        }
        if (node.telemetryAt != null) {
            fresh.remove(node);
        }
        node.telemetryAt = t.at();
        if (isStale(node, now)) {
            return true;
        }
        fresh.add(node);
        if (node.stale) {
            node.stale = false;
            recommit(node);
            s.capacityFreed = true;
        }
        return true;
    }

    /**
     * The daemon could not set a cap: GPU {@code index} of {@code nodeName} enforces {@code enforcedW}. From now on
     * the GPU is not asked below that, and its pod is booked at it; every limit is checked at the next step, so
     * work is shed (or capped elsewhere) where the higher draw no longer fits. False for an unknown node or GPU.
     */
    boolean capRefused(String nodeName, int index, double enforcedW) {
        if (!(enforcedW > 0) || Double.isInfinite(enforcedW)) {
            throw new IllegalArgumentException("enforced limit must be > 0 W, got " + enforcedW);
        }
        Node node = s.books.nodes.get(nodeName);
        if (node == null || index < 0 || index >= node.gpus.length) {
            return false;
        }
        Gpu gpu = node.gpus[index];
        gpu.refusedBelowW = Math.min(enforcedW, gpu.spec.maxLimitW());
        gpu.limitW = gpu.refusedBelowW;
        if (gpu.owner != null) {
            Pod pod = gpu.owner;
            s.books.adjust(pod, node.podItW(pod.job.spec, pod.gpus, pod.limitW));
        }
        s.limitsDirty = true;
        return true;
    }

    /** Nodes whose telemetry aged past the policy's limit count at nameplate from now on. */
    void markStale(Instant now) {
        while (!fresh.isEmpty() && isStale(fresh.first(), now)) {
            Node node = fresh.pollFirst();
            node.stale = true;
            recommit(node);
            s.limitsDirty = true;
        }
    }

    private boolean isStale(Node node, Instant now) {
        return node.telemetryAt.plus(s.policy.telemetryStaleAfter()).isBefore(now);
    }

    private void recommit(Node node) {
        for (Pod pod : new ArrayList<>(node.pods)) {
            s.books.adjust(pod, node.podItW(pod.job.spec, pod.gpus, pod.limitW));
        }
    }

    private void markLimitChange(double now, double before) {
        if (now < before) {
            s.limitsDirty = true;
        } else if (now > before) {
            s.capacityFreed = true;
        }
    }
}
