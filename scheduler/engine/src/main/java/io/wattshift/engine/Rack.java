package io.wattshift.engine;

import io.wattshift.engine.constraints.RackState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** A rack: its IT power in use and its nodes bucketed by free GPU count. */
final class Rack implements RackState {
    final String name;
    final Hall hall;
    double limitKw;
    /** IT power of pods placed here (permit, assumed or bound), kW. */
    double usedKw;
    int freeGpus;
    /** byFree.get(k) = nodes with exactly k free GPUs. */
    final List<LinkedHashSet<Node>> byFree = new ArrayList<>();
    /** The key this rack is filed under in its hall's index (see {@link Hall#reindex}). */
    double indexedFreeKw;
    int indexedMaxFree;

    Rack(String name, Hall hall, double limitKw) {
        this.name = name;
        this.hall = hall;
        this.limitKw = limitKw;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double limitKw() {
        return limitKw;
    }

    @Override
    public int freeGpus() {
        return freeGpus;
    }

    @Override
    public double freeKw() {
        return limitKw - usedKw;
    }

    void file(Node node) {
        while (byFree.size() <= node.gpus.length) {
            byFree.add(new LinkedHashSet<>());
        }
        byFree.get(node.free).add(node);
    }

    void unfile(Node node) {
        byFree.get(node.free).remove(node);
    }

    int maxFree() {
        for (int k = byFree.size() - 1; k > 0; k--) {
            if (!byFree.get(k).isEmpty()) {
                return k;
            }
        }
        return 0;
    }
}
