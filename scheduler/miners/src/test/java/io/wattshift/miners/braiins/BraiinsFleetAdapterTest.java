package io.wattshift.miners.braiins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.miners.CurtailAction;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerError.Kind;
import io.wattshift.miners.MinerStatus;
import io.wattshift.miners.luxos.FleetClientConfig;
import io.wattshift.miners.sim.BraiinsFleetSimulator;
import io.wattshift.miners.sim.MinerFault;
import io.wattshift.miners.sim.MinerModel;
import io.wattshift.miners.sim.SimConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Braiins OS adapter against simulated miners over real loopback gRPC (HTTP/2 over TCP). */
class BraiinsFleetAdapterTest {

    private static final MinerCredentials CREDS = new MinerCredentials("root", "s3cret");
    /** 1.5 s per attempt: short against the slow miner's 20 s, long enough for a first call on a loaded machine. */
    private static final FleetClientConfig FAST = new FleetClientConfig(Duration.ofMillis(1000), Duration.ofMillis(1500),
            64 * 1024, 64, 2, Duration.ofMillis(20), 1);

    private BraiinsFleetSimulator sim;
    private BraiinsFleetAdapter adapter;

    private void start(int miners, MinerCredentials simCreds, MinerCredentials clientCreds) throws Exception {
        sim = BraiinsFleetSimulator.start(SimConfig.loopback().withRamps(Duration.ofMillis(200), Duration.ofMillis(200))
                .withCredentials(simCreds).withSlowDelay(Duration.ofSeconds(20)),
                List.of(new MinerModel("bos", miners, 3500, 17.5, true)));
        adapter = new BraiinsFleetAdapter("test", FAST, clientCreds, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (adapter != null) adapter.close();
        if (sim != null) sim.close();
    }

    @Test
    void pausesReadsAndResumesWithALoginToken() throws Exception {
        start(2, CREDS, CREDS);
        var m = sim.specs().get(0);
        MinerStatus before = adapter.read(m).join();
        assertTrue(before.healthy(), String.valueOf(before.error()));
        assertEquals(3500, before.powerWatts(), 1);
        assertEquals(200, before.terahashPerSecond(), 0.5);

        assertTrue(adapter.curtail(m, CurtailAction.SLEEP).join().healthy());
        assertFalse(sim.miner(m.id()).mining());
        Thread.sleep(300);
        MinerStatus asleep = adapter.read(m).join();
        assertTrue(asleep.powerWatts() < 100, "idle draw after the ramp: " + asleep.powerWatts());
        assertEquals(0, asleep.terahashPerSecond(), 1e-9);
        assertTrue(adapter.curtail(m, CurtailAction.SLEEP).join().healthy(), "pausing a paused miner is a success");
        assertTrue(adapter.curtail(m, CurtailAction.WAKEUP).join().healthy());
        assertTrue(sim.miner(m.id()).mining());
        assertEquals(3, sim.commandsReceived());
        assertTrue(sim.miner(sim.specs().get(1).id()).mining(), "the other miner was not touched");
    }

    @Test
    void anExpiredTokenIsRenewedOnce() throws Exception {
        start(1, CREDS, CREDS);
        var m = sim.specs().get(0);
        assertTrue(adapter.read(m).join().healthy());
        sim.expireTokens(); // a miner restart or an hour idle
        MinerStatus s = adapter.curtail(m, CurtailAction.SLEEP).join();
        assertTrue(s.healthy(), String.valueOf(s.error()));
        assertFalse(sim.miner(m.id()).mining());
    }

    @Test
    void badCredentialsAndRefusedLoginsAreLogonRefused() throws Exception {
        start(2, CREDS, new MinerCredentials("root", "wrong"));
        var m = sim.specs().get(0);
        assertEquals(Kind.LOGON_REFUSED, adapter.curtail(m, CurtailAction.SLEEP).join().error().kind());
        assertTrue(sim.miner(m.id()).mining(), "no command without a login");
        adapter.close();
        adapter = new BraiinsFleetAdapter("test", FAST, CREDS, Clock.systemUTC());
        var refusing = sim.specs().get(1);
        sim.miner(refusing.id()).setFault(MinerFault.REFUSE_LOGON);
        assertEquals(Kind.LOGON_REFUSED, adapter.read(refusing).join().error().kind());
    }

    @Test
    void faultsBecomeTypedErrorsWithinTheDeadline() throws Exception {
        start(5, MinerCredentials.NONE, MinerCredentials.NONE);
        var specs = sim.specs();
        for (var m : specs) assertTrue(adapter.read(m).join().healthy(), "logged in before the faults");
        sim.miner(specs.get(0).id()).setFault(MinerFault.SILENT);
        sim.miner(specs.get(1).id()).setFault(MinerFault.SLOW);
        sim.miner(specs.get(2).id()).setFault(MinerFault.GARBAGE);
        sim.miner(specs.get(3).id()).setFault(MinerFault.OVERSIZED);
        long t0 = System.nanoTime();
        assertEquals(Kind.TIMEOUT, adapter.read(specs.get(0)).join().error().kind());
        assertEquals(Kind.TIMEOUT, adapter.curtail(specs.get(1), CurtailAction.SLEEP).join().error().kind());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // two calls x 2 attempts x 1.5 s + backoff: bounded by the deadline, not by the slow miner's 20 s
        assertTrue(ms < 9000, "deadlines bound silent and slow miners: " + ms + " ms");
        assertEquals(Kind.MALFORMED_REPLY, adapter.read(specs.get(2)).join().error().kind());
        assertEquals(Kind.OVERSIZED_REPLY, adapter.read(specs.get(3)).join().error().kind());
        assertTrue(adapter.read(specs.get(4)).join().healthy(), "a healthy miner beside them answers");
    }

    @Test
    void anUnreachableMinerIsConnectFailedAndAClosedAdapterAnswersClosed() throws Exception {
        start(1, MinerCredentials.NONE, MinerCredentials.NONE);
        var m = sim.specs().get(0);
        sim.close();
        sim = null;
        assertEquals(Kind.CONNECT_FAILED, adapter.read(m).join().error().kind());
        adapter.close();
        assertEquals(Kind.CLOSED, adapter.read(m).join().error().kind());
    }
}
