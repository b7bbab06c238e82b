package io.wattshift.daemon.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.VertxException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which upgrade failures mean "come back soon" (a standby scheduler) and which are faults; which scheduler URLs the
 * token may be sent to.
 */
class TelemetryStreamTest {
    @TempDir
    Path dir;

    private StreamConfig config(String url, Optional<Path> ca, boolean allowCleartext) {
        return new StreamConfig(URI.create(url), dir.resolve("token"), ca, Duration.ofSeconds(1), Duration.ofSeconds(30),
                100, Duration.ofSeconds(10), allowCleartext);
    }

    @Test
    void theTokenGoesInClearTextOnlyToLoopbackUnlessExplicitlyAllowed() {
        for (String local : new String[] {"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "http://127.0.0.2"}) {
            assertFalse(config(local, Optional.empty(), false).allowCleartext(), local); // accepted as is
        }
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> config("http://wattshift-scheduler.wattshift-system.svc:8080", Optional.empty(), false));
        assertTrue(refused.getMessage().startsWith("refusing to send the ServiceAccount token in clear text to"
                + " http://wattshift-scheduler.wattshift-system.svc:8080"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--allow-insecure-stream"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config("http://10.96.0.12:8080", Optional.empty(), false));
        assertThrows(IllegalArgumentException.class, () -> config("http://localhost.example.com", Optional.empty(), false),
                "a name is not resolved: only 'localhost' and loopback literals count");
        assertTrue(config("http://10.96.0.12:8080", Optional.empty(), true).allowCleartext());
        config("https://wattshift-scheduler.wattshift-system.svc:8443", Optional.empty(), false); // the JVM's trust
    }

    @Test
    void aCaFileMustBeAPemBundleAndGoWithHttps() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.crt"), "not a certificate\n");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> config("https://scheduler:8443", Optional.of(notPem), false));
        assertTrue(bad.getMessage().startsWith("--scheduler-ca-file " + notPem), bad.getMessage());
        Path missing = dir.resolve("absent.crt");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> config("https://scheduler:8443", Optional.of(missing), false)).getMessage().contains("absent.crt"));
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
                () -> config("http://127.0.0.1:8080", Optional.of(notPem), false));
        assertTrue(plain.getMessage().contains("https://"), plain.getMessage());
    }

    @Test
    void handshakeFailuresAreToldApartAtAnyDepth() {
        assertTrue(TelemetryStream.isTlsFailure(new VertxException("Failed to create SSL connection",
                new SSLHandshakeException("PKIX path building failed"))));
        assertFalse(TelemetryStream.isTlsFailure(new ConnectException("Connection refused")));
        assertFalse(TelemetryStream.isTlsFailure(rejected(401, null)));
    }

    private static UpgradeRejectedException rejected(int status, String retryAfter) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (retryAfter != null) {
            headers.add("Retry-After", retryAfter);
        }
        return new UpgradeRejectedException("rejected", status, headers, Buffer.buffer("not the leader\n"));
    }

    @Test
    void onlyA503WithRetryAfterAsksToComeBackLater() {
        assertEquals(OptionalLong.of(1), TelemetryStream.retryAfterSeconds(rejected(503, "1")));
        assertEquals(OptionalLong.of(0), TelemetryStream.retryAfterSeconds(rejected(503, "0")));
        assertEquals(OptionalLong.of(0), TelemetryStream.retryAfterSeconds(rejected(503, "Wed, 21 Oct 2026 07:28:00 GMT")),
                "the date form: back at the minimum backoff");
        // the scheduler cannot check tokens (no Retry-After), a bad token, a refused connection: faults
        assertEquals(OptionalLong.empty(), TelemetryStream.retryAfterSeconds(rejected(503, null)));
        assertEquals(OptionalLong.empty(), TelemetryStream.retryAfterSeconds(rejected(401, "1")));
        assertEquals(OptionalLong.empty(), TelemetryStream.retryAfterSeconds(new ConnectException("Connection refused")));
    }
}
