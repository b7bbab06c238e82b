package io.wattshift.sim;

import io.wattshift.engine.Engine;
import io.wattshift.engine.model.CoolingSpec;
import io.wattshift.engine.model.GpuReading;
import io.wattshift.engine.model.GpuSpec;
import io.wattshift.engine.model.HallSpec;
import io.wattshift.engine.economics.MiningEconomics;
import io.wattshift.engine.model.MinerFleetSpec;
import io.wattshift.engine.model.Policy;
import io.wattshift.engine.model.NodeSpec;
import io.wattshift.engine.model.NodeTelemetry;
import io.wattshift.engine.model.RackSpec;
import io.wattshift.engine.model.SiteSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes a {@link SiteConfig} to the engine as the live adapters would, shaped by the policy: ai-only hides
 * the miners; static-split hands the engine only the AI share of every feed, cooling plant and the interconnect.
 */
final class SiteModel {
    private SiteModel() {
    }

    static void install(Engine engine, SiteConfig site, PolicyKind kind, Instant now) {
        double f = kind == PolicyKind.STATIC_SPLIT ? site.site().staticSplitMiningFraction() : 0;
        double miningShare = 0;
        for (SiteConfig.HallConfig h : site.halls()) {
            miningShare += h.feedKw() * f;
        }
        engine.upsertSite(new SiteSpec(site.site().name(), site.site().gridKw() - miningShare));
        for (SiteConfig.HallConfig h : site.halls()) {
            List<RackSpec> racks = new ArrayList<>();
            for (int r = 0; r < h.racks().count(); r++) {
                racks.add(new RackSpec(Plant.rackName(h.name(), r), h.racks().limitKw()));
            }
            SiteConfig.Cooling c = h.cooling();
            MinerFleetSpec miners = kind == PolicyKind.WATTSHIFT ? fleet(h) : MinerFleetSpec.NONE;
            engine.upsertHall(new HallSpec(h.name(), site.site().name(), h.feedKw() * (1 - f),
                new CoolingSpec(c.capacityKw() * (1 - f), c.ratedAmbientC(), c.deratePerC()), h.coolingOverhead(),
                racks, miners));
            SiteConfig.Gpu g = h.gpu();
            GpuSpec gpu = new GpuSpec(g.model(), 81_559, g.defaultW(), g.minW(), g.maxW(), g.slowdownC());
            List<GpuReading> readings = new ArrayList<>();
            for (int i = 0; i < g.perNode(); i++) {
                readings.add(new GpuReading(i, 0, g.defaultW(), 35));
            }
            for (int r = 0; r < h.racks().count(); r++) {
                for (int n = 0; n < h.racks().nodesPerRack(); n++) {
                    String name = Plant.nodeName(h.name(), r, n);
                    engine.upsertNode(NodeSpec.uniform(name, h.name(), Plant.rackName(h.name(), r), g.perNode(), gpu,
                        h.hostOverheadW()));
                    engine.updateTelemetry(new NodeTelemetry(name, now, readings));
                }
            }
        }
    }

    /**
     * Static split: the hall's mining share, limited by the same share of its cooling at {@code ambientC}, when
     * mining pays; otherwise nothing. The fleet's standby is drawn inside that share, so it comes off.
     */
    /** A hall's miners as the engine sees them. */
    static MinerFleetSpec fleet(SiteConfig.HallConfig h) {
        return new MinerFleetSpec(h.miners().count(), h.miners().wattsEach(), h.miners().joulesPerTh(),
            h.miners().standbyW());
    }

    /**
     * The static split's mining in a hall: its fixed share of the feed and cooling while mining pays the policy's
     * margin at {@code price} (the market room's figures), else nothing.
     */
    static double staticMiningKw(SiteConfig site, SiteConfig.HallConfig h, double ambientC, double price,
                                 double hashprice, Policy policy) {
        double f = site.site().staticSplitMiningFraction();
        double profit = MiningEconomics.profitUsdPerMwh(fleet(h), h.coolingOverhead(), price, hashprice,
            policy.market());
        if (profit < policy.miningMarginUsdPerMwh()) {
            return 0;
        }
        SiteConfig.Cooling c = h.cooling();
        double cooling = c.capacityKw() * Math.max(0, 1 - c.deratePerC() * Math.max(0, ambientC - c.ratedAmbientC()));
        double share = Math.min(h.feedKw() * f, cooling * f) - h.miners().standbyKw();
        return Math.max(0, Math.min(h.miners().maxKw(), share));
    }
}
