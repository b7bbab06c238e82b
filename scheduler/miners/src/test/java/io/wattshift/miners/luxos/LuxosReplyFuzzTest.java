package io.wattshift.miners.luxos;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wattshift.miners.MinerError;
import io.wattshift.miners.MinerError.Kind;
import io.wattshift.miners.MinerException;
import io.wattshift.miners.MinerStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Fuzzes the cgminer/LuxOS reply parser with arbitrary reply bytes, as a miner (or whatever answers on its port)
 * may send them. Each reply goes through every use the fleet adapter makes of one (a read, a logon, a session
 * look-up, a curtail). The contract ({@link LuxosProtocol}): a reading, a session id or an accepted command, or a
 * {@link MinerException} carrying a {@link MinerError}; never another exception. What is returned is usable: watts
 * and TH/s finite and not negative, a session id non-empty and free of the parameter separator.
 *
 * <p>The default build replays {@code LuxosReplyFuzzTestInputs/reply} (seeds: real reply shapes, and every
 * finding) and fuzzes for {@code fuzz.duration}; see docs/reliability.md#fuzzing to fuzz longer.
 */
class LuxosReplyFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"\"STATUS\"", "\"Code\"", "\"Msg\"", "\"S\"", "\"E\"", "\"W\"", "\"SESSION\"", "\"SessionID\"",
        "\"power\"", "\"summary\"", "\"POWER\"", "\"Watts\"", "\"SUMMARY\"", "\"GHS 5s\"", "session", "[{", "}]", "1e999"})
    void reply(byte[] bytes) {
        // CgminerTransport hands over the reply as UTF-8 text, the NUL terminator stripped
        String text = new String(bytes, StandardCharsets.UTF_8);

        MinerStatus reading = outcome(text, reply -> MinerStatus.reading("m-1", LuxosProtocol.watts(reply),
                LuxosProtocol.terahashPerSecond(reply), Instant.EPOCH));
        if (reading != null) {
            assertUsable(reading.powerWatts(), "watts", text);
            assertUsable(reading.terahashPerSecond(), "TH/s", text);
        }
        String sid = outcome(text, LuxosProtocol::sessionId);
        if (sid != null) {
            assertUsableSession(sid, text);
        }
        String active = outcome(text, LuxosProtocol::activeSessionId);
        if (active != null) {
            assertUsableSession(active, text);
        }
        outcome(text, reply -> LuxosProtocol.requireSuccess(reply, Kind.COMMAND_REJECTED));
    }

    /** The parse and use of one reply, or null when it failed with a MinerException (any other escapes). */
    private static <T> T outcome(String text, Function<JsonNode, T> use) {
        try {
            return use.apply(LuxosProtocol.parse(text));
        } catch (MinerException e) {
            MinerError error = e.error();
            // the adapter's retry decisions read every error; they must hold for any detail
            LuxosProtocol.isSessionError(error);
            LuxosProtocol.isSessionActive(error);
            return null;
        }
    }

    private static void assertUsable(double value, String what, String reply) {
        assertTrue(Double.isFinite(value) && value >= 0, what + " " + value + " from " + LuxosProtocol.abbreviate(reply));
    }

    private static void assertUsableSession(String sid, String reply) {
        assertFalse(sid.isEmpty() || sid.contains(","), "session id '" + sid + "' from " + LuxosProtocol.abbreviate(reply));
    }
}
