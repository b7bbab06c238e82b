package io.wattshift.miners.sim;

import io.wattshift.miners.MinerSpec;
import java.time.Clock;
import java.time.Duration;

/**
 * One simulated ASIC: draws its nameplate power while mining and ramps linearly between that and its idle draw
 * when told to sleep or wake (ramp times as configured). Hashrate follows power at the miner's J/TH while mining
 * and is zero while going to sleep. Thread-safe (the simulator's I/O threads share it).
 */
public final class SimulatedMiner {

    /** A sleeping miner's control board and fans still draw a little. */
    static final double IDLE_FRACTION = 0.005;

    private final MinerSpec spec;
    private final Duration rampDown;
    private final Duration rampUp;
    private final Clock clock;
    private volatile MinerFault fault = MinerFault.NONE;

    private boolean mining;
    private double wattsAtChange;
    private long changedAtMillis;
    private String sessionId;
    private int sessionCounter;
    private int commandsReceived;

    public SimulatedMiner(MinerSpec spec, boolean mining, Duration rampDown, Duration rampUp, Clock clock) {
        this.spec = spec;
        this.rampDown = rampDown;
        this.rampUp = rampUp;
        this.clock = clock;
        this.mining = mining;
        this.wattsAtChange = mining ? spec.nameplateWatts() : idleWatts();
        this.changedAtMillis = clock.millis() - Math.max(rampDown.toMillis(), rampUp.toMillis());
    }

    public MinerSpec spec() {
        return spec;
    }

    public MinerFault fault() {
        return fault;
    }

    public void setFault(MinerFault fault) {
        this.fault = fault;
    }

    public synchronized boolean mining() {
        return mining;
    }

    /** Curtail commands (sleep or wakeup) this miner has accepted. */
    public synchronized int commandsReceived() {
        return commandsReceived;
    }

    /** Power drawn now, in watts. */
    public synchronized double watts() {
        return wattsAt(clock.millis());
    }

    /** Hashrate now, in TH/s. */
    public synchronized double terahashPerSecond() {
        if (!mining) return 0;
        return wattsAt(clock.millis()) / spec.joulesPerTerahash();
    }

    /** A new session id, or null while another session is active (one session at a time, as on LuxOS). */
    synchronized String logon() {
        if (sessionId != null) return null;
        sessionId = "s" + Integer.toString(spec.id().hashCode() & 0xffff, 36) + "x" + (++sessionCounter);
        return sessionId;
    }

    /** The active session id, or "" when none. */
    synchronized String currentSession() {
        return sessionId == null ? "" : sessionId;
    }

    synchronized boolean logoff(String sid) {
        if (!validSession(sid)) return false;
        sessionId = null;
        return true;
    }

    synchronized boolean validSession(String sid) {
        return sessionId != null && sessionId.equals(sid);
    }

    /** Sleep ({@code false}) or wake ({@code true}); repeating the current state is accepted and changes nothing. */
    synchronized void setMining(boolean wantMining) {
        commandsReceived++;
        if (wantMining == mining) return;
        long now = clock.millis();
        wattsAtChange = wattsAt(now);
        changedAtMillis = now;
        mining = wantMining;
    }

    private double wattsAt(long nowMillis) {
        double target = mining ? spec.nameplateWatts() : idleWatts();
        long ramp = (mining ? rampUp : rampDown).toMillis();
        long elapsed = nowMillis - changedAtMillis;
        if (ramp <= 0 || elapsed >= ramp) return target;
        double f = (double) elapsed / ramp;
        return wattsAtChange + (target - wattsAtChange) * f;
    }

    private double idleWatts() {
        return spec.nameplateWatts() * IDLE_FRACTION;
    }
}
