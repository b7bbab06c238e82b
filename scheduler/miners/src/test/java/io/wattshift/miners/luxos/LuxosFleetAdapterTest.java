package io.wattshift.miners.luxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.miners.CurtailAction;
import io.wattshift.miners.MinerCredentials;
import io.wattshift.miners.MinerError.Kind;
import io.wattshift.miners.MinerSpec;
import io.wattshift.miners.MinerStatus;
import io.wattshift.miners.sim.FleetSimulator;
import io.wattshift.miners.sim.MinerFault;
import io.wattshift.miners.sim.MinerModel;
import io.wattshift.miners.sim.SimConfig;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The LuxOS adapter over real TCP on loopback against the ASIC fleet simulator. */
class LuxosFleetAdapterTest {

    private static final MinerCredentials CREDS = new MinerCredentials("root", "s3cret");

    private FleetSimulator sim;
    private LuxosFleetAdapter adapter;

    @BeforeEach
    void start() throws Exception {
        sim = FleetSimulator.start(SimConfig.loopback().withRamps(Duration.ofMillis(150), Duration.ofMillis(150))
                        .withSlowDelay(Duration.ofMillis(300)).withCredentials(CREDS),
                List.of(new MinerModel("s19", 6, 3250, 29.5, true)));
        adapter = new LuxosFleetAdapter("test", fastConfig(), CREDS, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        adapter.close();
        sim.close();
    }

    static FleetClientConfig fastConfig() {
        return new FleetClientConfig(Duration.ofMillis(500), Duration.ofMillis(400), 64 * 1024, 16, 2,
                Duration.ofMillis(20), 1);
    }

    private MinerSpec spec(int i) {
        return sim.specs().get(i);
    }

    private static MinerStatus get(CompletableFuture<MinerStatus> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aMiningMinerReportsNameplatePowerAndHashrate() throws Exception {
        MinerStatus s = get(adapter.read(spec(0)));
        assertTrue(s.healthy(), () -> "error: " + s.error());
        assertEquals(3250, s.powerWatts(), 1);
        assertEquals(3250 / 29.5, s.terahashPerSecond(), 0.01);
    }

    @Test
    void sleepLogsOnThenCurtailsAndThePowerDropsAfterTheRamp() throws Exception {
        MinerStatus s = get(adapter.curtail(spec(0), CurtailAction.SLEEP));
        assertTrue(s.healthy(), () -> "error: " + s.error());
        assertTrue(!sim.miner(spec(0).id()).mining());
        Thread.sleep(200);
        MinerStatus r = get(adapter.read(spec(0)));
        assertTrue(r.powerWatts() < 50, "sleeping draw " + r.powerWatts());
        assertEquals(0, r.terahashPerSecond(), 1e-9);
    }

    @Test
    void curtailIsIdempotent() throws Exception {
        assertTrue(get(adapter.curtail(spec(1), CurtailAction.WAKEUP)).healthy());
        assertTrue(get(adapter.curtail(spec(1), CurtailAction.WAKEUP)).healthy());
        assertTrue(sim.miner(spec(1).id()).mining());
        assertEquals(2, sim.miner(spec(1).id()).commandsReceived());
    }

    @Test
    void aSilentMinerTimesOutWithATypedError() throws Exception {
        sim.miner(spec(2).id()).setFault(MinerFault.SILENT);
        long t0 = System.nanoTime();
        MinerStatus s = get(adapter.read(spec(2)));
        assertEquals(Kind.TIMEOUT, s.error().kind());
        // two attempts of 400 ms plus backoff: the call finishes instead of hanging
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    void garbageIsAMalformedReply() throws Exception {
        sim.miner(spec(3).id()).setFault(MinerFault.GARBAGE);
        assertEquals(Kind.MALFORMED_REPLY, get(adapter.read(spec(3))).error().kind());
        assertEquals(Kind.MALFORMED_REPLY, get(adapter.curtail(spec(3), CurtailAction.SLEEP)).error().kind());
    }

    @Test
    void anOversizedReplyIsCutOff() throws Exception {
        sim.miner(spec(4).id()).setFault(MinerFault.OVERSIZED);
        assertEquals(Kind.OVERSIZED_REPLY, get(adapter.read(spec(4))).error().kind());
    }

    @Test
    void aRefusedLogonIsReportedAndNothingIsCurtailed() throws Exception {
        sim.miner(spec(5).id()).setFault(MinerFault.REFUSE_LOGON);
        MinerStatus s = get(adapter.curtail(spec(5), CurtailAction.SLEEP));
        assertEquals(Kind.LOGON_REFUSED, s.error().kind());
        assertTrue(sim.miner(spec(5).id()).mining());
    }

    @Test
    void wrongCredentialsAreRefused() throws Exception {
        try (var wrong = new LuxosFleetAdapter("wrong", fastConfig(), new MinerCredentials("root", "nope"), Clock.systemUTC())) {
            assertEquals(Kind.LOGON_REFUSED, get(wrong.curtail(spec(0), CurtailAction.SLEEP)).error().kind());
        }
        assertTrue(sim.miner(spec(0).id()).mining());
    }

    @Test
    void aClosedPortIsAConnectFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MinerStatus st = get(adapter.read(new MinerSpec("gone", "127.0.0.1", port, 3000, 30)));
        assertEquals(Kind.CONNECT_FAILED, st.error().kind());
    }

    @Test
    void aSessionLeftByAPreviousLeaderIsReused() throws Exception {
        // the miner allows one session; a previous scheduler process opened it and is gone
        try (var previous = new LuxosFleetAdapter("previous", fastConfig(), CREDS, Clock.systemUTC())) {
            assertTrue(get(previous.curtail(spec(0), CurtailAction.SLEEP)).healthy());
        }
        MinerStatus s = get(adapter.curtail(spec(0), CurtailAction.WAKEUP));
        assertNull(s.error());
        assertTrue(sim.miner(spec(0).id()).mining());
    }

    @Test
    void aSessionEndedOnTheMinerIsRenewed() throws Exception {
        assertTrue(get(adapter.curtail(spec(0), CurtailAction.SLEEP)).healthy());
        var miner = sim.miner(spec(0).id());
        try (var s = new java.net.Socket("127.0.0.1", spec(0).port())) {
            // someone logs the session off behind our back
            s.getOutputStream().write(("{\"command\":\"logoff\",\"parameter\":\"" + sessionOf(spec(0)) + "\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            s.getInputStream().readAllBytes();
        }
        MinerStatus st = get(adapter.curtail(spec(0), CurtailAction.WAKEUP));
        assertNull(st.error());
        assertTrue(miner.mining());
    }

    private String sessionOf(MinerSpec m) throws Exception {
        try (var s = new java.net.Socket("127.0.0.1", m.port())) {
            s.getOutputStream().write("{\"command\":\"session\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String reply = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return reply.replaceAll("(?s).*\"SessionID\":\"([^\"]*)\".*", "$1");
        }
    }

    @Test
    void requestsInFlightNeverExceedTheFleetLimit() throws Exception {
        var limited = fastConfig().withMaxInFlight(2).withRequestTimeout(Duration.ofSeconds(2));
        for (var m : sim.miners()) m.setFault(MinerFault.SLOW);
        try (var a = new LuxosFleetAdapter("limited", limited, CREDS, Clock.systemUTC())) {
            var all = sim.specs().stream().map(a::read).toList();
            for (var f : all) assertTrue(f.get(10, TimeUnit.SECONDS).healthy());
        }
        assertEquals(2, sim.peakConnections());
    }
}
