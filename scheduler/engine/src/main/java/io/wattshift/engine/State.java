package io.wattshift.engine;

import io.wattshift.engine.constraints.Constraints;
import io.wattshift.engine.model.Market;
import io.wattshift.engine.model.Policy;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Everything the engine knows, shared by its parts. One owner thread; no locks. */
final class State {
    final Clock clock;
    final Books books = new Books();
    final JobQueue queue = new JobQueue();
    /** The checks placement filters and scores by and the explainer explains by. */
    final Constraints constraints = Constraints.standard();
    final Placer placer = new Placer(books, constraints);
    final Map<String, Job> jobs = new LinkedHashMap<>();
    /** Gangs reserved and waiting for a curtailment to complete, in the order they were admitted. */
    final Set<Job> permits = new LinkedHashSet<>();
    /** Pods bound but not yet confirmed, oldest first. */
    final Set<Pod> assumed = new LinkedHashSet<>();
    Policy policy;
    /** The market of sites that have none of their own ({@link Site#market}). */
    Market market = new Market(50, 45);
    /** Something freed capacity: parked jobs get another try next step. */
    boolean capacityFreed;
    /** A limit fell or a commitment rose outside placement: check every limit next step. */
    boolean limitsDirty;
    /** Price rules for preemptible work (set by the engine). */
    PricePauses pauses;
    /** The policy was replaced: price rules are evaluated again. */
    boolean policyChanged;
    long seq;

    State(Clock clock, Policy policy) {
        this.clock = clock;
        this.policy = policy;
    }

    /** The market a site's decisions compare: its own, else the engine's. */
    Market marketOf(Site site) {
        return site.market != null ? site.market : market;
    }

    double reserve() {
        return policy.reserveFraction();
    }
}
