package io.wattshift.sim;

import java.util.List;

/**
 * A modelled site, as read from {@code --site FILE.yaml} (see {@code default-site.yaml} for every field).
 * Power in kW, temperatures in degrees C, prices in $.
 */
public record SiteConfig(Site site, List<HallConfig> halls) {
    public SiteConfig {
        require(site != null, "site is missing");
        require(halls != null && !halls.isEmpty(), "halls: at least one hall is needed");
        halls = List.copyOf(halls);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (HallConfig h : halls) {
            require(names.add(h.name()), "halls: duplicate hall name " + h.name());
        }
    }

    /**
     * @param name                      site name
     * @param gridKw                    interconnect limit, kW
     * @param energyUsdPerMwh           flat energy price, unless {@code --prices} is given
     * @param hashpriceUsdPerPhDay      mining revenue, unless {@code --hashprice} is given
     * @param aiUsdPerGpuHour           what a GPU-hour of work at full speed earns
     * @param staticSplitMiningFraction share of each hall the static-split policy gives to mining
     */
    /**
     * Pods of {@code gpusPerPod} GPUs the site holds when it is empty (each node takes
     * {@code perNode / gpusPerPod} of them): a job needing more, or a pod larger than every node, can never run.
     */
    public long podSlots(int gpusPerPod) {
        long slots = 0;
        for (HallConfig h : halls) {
            slots += (long) h.nodes() * (h.gpu().perNode() / gpusPerPod);
        }
        return slots;
    }

    /** GPUs of the largest node of the site. */
    public int largestNodeGpus() {
        return halls.stream().mapToInt(h -> h.gpu().perNode()).max().orElse(0);
    }

    public record Site(String name, double gridKw, double energyUsdPerMwh, double hashpriceUsdPerPhDay,
                       double aiUsdPerGpuHour, double staticSplitMiningFraction) {
        public Site {
            require(name != null && !name.isBlank(), "name is missing");
            positive(gridKw, "gridKw");
            require(energyUsdPerMwh >= 0, "energyUsdPerMwh must be >= 0");
            require(hashpriceUsdPerPhDay >= 0, "hashpriceUsdPerPhDay must be >= 0");
            require(aiUsdPerGpuHour >= 0, "aiUsdPerGpuHour must be >= 0");
            require(staticSplitMiningFraction >= 0 && staticSplitMiningFraction < 1,
                "staticSplitMiningFraction must be in [0, 1)");
        }
    }

    /**
     * @param ambient    daily temperature: {@code meanC} and {@code swingC} (peak at 15:00)
     * @param racks      {@code count} racks of {@code limitKw}, each with {@code nodesPerRack} nodes
     * @param gpu        the GPUs of every node in the hall
     */
    public record HallConfig(String name, double feedKw, Cooling cooling, Ambient ambient, double coolingOverhead,
                             Racks racks, Gpu gpu, double hostOverheadW, Miners miners) {
        public HallConfig {
            require(name != null && !name.isBlank(), "name is missing");
            positive(feedKw, "feedKw");
            require(cooling != null, "cooling is missing");
            ambient = ambient == null ? new Ambient(cooling.ratedAmbientC() - 5, 0) : ambient;
            require(coolingOverhead >= 1, "coolingOverhead must be >= 1");
            require(racks != null, "racks is missing");
            require(gpu != null, "gpu is missing");
            require(hostOverheadW >= 0, "hostOverheadW must be >= 0");
            miners = miners == null ? new Miners(0, 3500, 17.5, 0.0) : miners;
        }

        public int nodes() {
            return racks.count() * racks.nodesPerRack();
        }
    }

    public record Cooling(double capacityKw, double ratedAmbientC, double deratePerC) {
        public Cooling {
            positive(capacityKw, "capacityKw");
            require(deratePerC >= 0 && deratePerC < 1, "deratePerC must be in [0, 1)");
        }
    }

    public record Ambient(double meanC, double swingC) {
        public Ambient {
            require(swingC >= 0, "swingC must be >= 0");
        }

        /** Temperature at {@code hourOfDay} (0-24): a sine with its peak at 15:00. */
        public double at(double hourOfDay) {
            return meanC + swingC * Math.cos((hourOfDay - 15) / 24 * 2 * Math.PI);
        }
    }

    public record Racks(int count, double limitKw, int nodesPerRack) {
        public Racks {
            require(count > 0, "count must be > 0");
            positive(limitKw, "limitKw");
            require(nodesPerRack > 0, "nodesPerRack must be > 0");
        }
    }

    public record Gpu(String model, int perNode, double defaultW, double minW, double maxW, double slowdownC) {
        public Gpu {
            require(model != null && !model.isBlank(), "model is missing");
            require(perNode > 0, "perNode must be > 0");
            require(minW > 0 && minW <= defaultW && defaultW <= maxW, "need 0 < minW <= defaultW <= maxW");
        }
    }

    /**
     * @param standbyW what one sleeping miner still draws (control board, fans, PSU idle), W; optional, 0 if absent
     */
    public record Miners(int count, double wattsEach, double joulesPerTh, Double standbyW) {
        public Miners {
            require(count >= 0, "count must be >= 0");
            require(wattsEach >= 0, "wattsEach must be >= 0");
            positive(joulesPerTh, "joulesPerTh");
            standbyW = standbyW == null ? 0.0 : standbyW;
            require(standbyW >= 0 && standbyW <= wattsEach, "standbyW must be in [0, wattsEach]");
        }

        public double maxKw() {
            return count * wattsEach / 1000;
        }

        /** Standby of the whole fleet asleep, kW. */
        public double standbyKw() {
            return count * standbyW / 1000;
        }
    }

    private static void positive(double v, String field) {
        require(v > 0 && !Double.isInfinite(v), field + " must be > 0");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
