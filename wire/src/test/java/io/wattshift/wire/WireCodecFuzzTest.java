package io.wattshift.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Fuzzes the telemetry decoder with arbitrary frames, as a daemon (or anything that reaches the WebSocket) may send
 * them. The contract ({@link WireCodec}): a frame decodes to a message or fails with {@link WireFormatException};
 * nothing else escapes (the scheduler counts that exception and closes the stream; any other one would kill the
 * handler). A frame that decodes is canonical once re-encoded: decoding the re-encoding gives the same message.
 *
 * <p>The default build replays {@code WireCodecFuzzTestInputs/decode} (seeds: one valid frame of each type, and
 * every finding) and fuzzes for {@code fuzz.duration}; see docs/reliability.md#fuzzing to fuzz longer.
 */
class WireCodecFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void decode(byte[] frame) {
        WireMessage message = decodeOrNull(ByteBuffer.wrap(frame));
        // the scheduler decodes from a buffer whose position need not be 0 (a slice of a larger read)
        byte[] padded = new byte[frame.length + 3];
        System.arraycopy(frame, 0, padded, 2, frame.length);
        assertEquals(message, decodeOrNull(ByteBuffer.wrap(padded, 2, frame.length)),
                "decoding must not depend on the buffer's offset");
        if (message == null) {
            return;
        }
        byte[] again;
        try {
            again = WireCodec.encode(message);
        } catch (IllegalArgumentException e) {
            // a string of invalid UTF-8 decodes with U+FFFD (3 bytes each) and may outgrow the 64 KiB string limit
            if (e.getMessage().contains("too long for the wire")) {
                return;
            }
            throw e;
        }
        assertEquals(message, WireCodec.decode(again), "a decoded message must survive its own re-encoding");
    }

    private static WireMessage decodeOrNull(ByteBuffer buf) {
        try {
            return WireCodec.decode(buf);
        } catch (WireFormatException expected) {
            return null;
        }
    }
}
