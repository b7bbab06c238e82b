package io.wattshift.daemon.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import java.net.ConnectException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Which upgrade failures mean "come back soon" (a standby scheduler) and which are faults. */
class TelemetryStreamTest {
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
