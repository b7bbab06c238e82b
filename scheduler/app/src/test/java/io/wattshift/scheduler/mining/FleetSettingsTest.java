package io.wattshift.scheduler.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.wattshift.api.Miner;
import io.wattshift.scheduler.loop.Fixtures;
import io.wattshift.api.MinerFleet;
import io.wattshift.api.MinerProtocol;
import io.wattshift.api.MiningPolicy;
import io.wattshift.miners.FirmwareProtocol;
import io.wattshift.miners.fleet.FleetPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetSettingsTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void credentialsComeFromTheSecretsDataOrStringData() {
        var data = new SecretBuilder().withNewMetadata().withName("miners").endMetadata()
                .addToData("username", b64("root")).addToData("password", b64("hunter2")).build();
        var creds = FleetSettings.credentials(data);
        assertEquals("root", creds.username());
        assertEquals("hunter2", creds.password());
        assertTrue(!creds.toString().contains("hunter2"));
        var plain = new SecretBuilder().withNewMetadata().withName("m").endMetadata()
                .addToStringData("username", "u").addToStringData("password", "p").build();
        assertEquals("p", FleetSettings.credentials(plain).password());
    }

    @Test
    void aSecretWithoutAPasswordIsAClearError() {
        var s = new SecretBuilder().withNewMetadata().withName("miners").endMetadata().addToData("username", b64("root")).build();
        var e = assertThrows(IllegalArgumentException.class, () -> FleetSettings.credentials(s));
        assertTrue(e.getMessage().contains("miners") && e.getMessage().contains("password"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "commandTimeoutMillis {0}, confirm {1} s: answered within {2} s")
    @org.junit.jupiter.params.provider.CsvSource({
        // default client: 2 attempts of 1 s connect + 3 s reply, 0.1 s backoff = 8.1 s a request
        ",      10, 24.4",   // logon + curtail (16.2 s) outlast the 10 s confirm; + 0.1 s poll + 8.1 s last reading
        ",      60, 68.2",   // a silent miner's last reading starts at the deadline and runs 8.1 s past it
        "20000, 30, 240.4"}) // 2 x (20 + 20 s) + 0.1 s = 80.1 s a request: commands 160.2 s, last reading 80.1 s
    void aCurtailmentIsAnsweredAfterItsConfirmTimeAndTheLastReading(Integer commandTimeoutMillis, int confirmS,
                                                                    double withinS) {
        MinerFleet f = new MinerFleet();
        f.setCommandTimeoutMillis(commandTimeoutMillis);
        f.setCurtailConfirmSeconds(confirmS);
        assertEquals(Duration.ofMillis(Math.round(withinS * 1000)), FleetSettings.curtailAnsweredWithin(f, null));
    }

    @Test
    void hallFieldsMapToMinersTimeoutsAndPolicy() {
        Miner m = Fixtures.miner("s19-1", "10.0.0.7", 3250, 29.5);
        MinerFleet f = new MinerFleet();
        f.setMiners(List.of(m));
        f.setCommandTimeoutMillis(1500);
        f.setMaxConcurrentCommands(32);
        MiningPolicy p = new MiningPolicy();
        p.setMinOffSeconds(120);
        p.setCurtailTimeoutSeconds(20);
        var spec = FleetSettings.miners(f).get(0);
        assertEquals(4028, spec.port());
        assertEquals(3250 / 29.5, spec.nominalTerahashPerSecond(), 1e-9);
        assertEquals(Duration.ofMillis(1500), FleetSettings.clientConfig(f).requestTimeout());
        assertEquals(32, FleetSettings.clientConfig(f).maxInFlight());
        assertEquals(Duration.ofSeconds(20), FleetSettings.policy(f, p).confirmTimeout());
        assertEquals(Duration.ofSeconds(120), FleetSettings.policy(f, p).minOffTime());
        assertEquals(FirmwareProtocol.LUXOS, FleetSettings.protocol(f), "LuxOS when the Hall names none");
        f.setProtocol(MinerProtocol.BraiinsOS);
        assertEquals(FirmwareProtocol.BRAIINS_OS, FleetSettings.protocol(f));
        assertEquals(50051, FleetSettings.miners(f).get(0).port(), "the Braiins OS gRPC port when the miner names none");
    }

    @Test
    void aMinersStandbyIsItsOwnElseTheFleetsElseNotDeclared() {
        Miner own = Fixtures.miner("own", "10.0.0.1", 3250, 29.5);
        own.setStandbyWatts(60.0);
        Miner plain = Fixtures.miner("plain", "10.0.0.2", 3500, 17.5);
        MinerFleet f = new MinerFleet();
        f.setMiners(List.of(own, plain));

        var undeclared = FleetSettings.miners(f);
        assertEquals(60, undeclared.get(0).standbyWatts());
        assertTrue(!undeclared.get(1).standbyDeclared());
        assertEquals((60 + 350) / 2.0, FleetSettings.standbyWattsEach(f), 1e-9, "10 % of 3.5 kW where none is declared");

        f.setStandbyWatts(30.0);
        var declared = FleetSettings.miners(f);
        assertEquals(60, declared.get(0).standbyWatts(), "the miner's own figure wins");
        assertEquals(30, declared.get(1).standbyWatts());
        assertEquals(45, FleetSettings.standbyWattsEach(f), 1e-9);
        FleetPolicy policy = FleetSettings.policy(f, null);
        assertEquals(30, policy.asleepWatts(declared.get(1)), 1e-9, "the fleet confirms sleep at the figure it books");

        f.setStandbyWatts(4000.0); // above the 3.5 kW miner: the CRD refuses it; an older object gets a clear error
        var e = assertThrows(IllegalArgumentException.class, () -> FleetSettings.miners(f));
        assertTrue(e.getMessage().contains("plain") && e.getMessage().contains("standby"), e.getMessage());
    }
}
