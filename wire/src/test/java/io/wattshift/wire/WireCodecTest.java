package io.wattshift.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private static final long A = WireCodec.ABSENT;

    static GpuSample sample(int gpu) {
        return new GpuSample(gpu, 1_764_115_200_123L, false, 412_345, 9_876_543_210L, 71, 98, 40,
                60L << 30, 80L << 30, 700_000, 0x4 | 0x80);
    }

    @Test
    void aHelloSurvivesTheRoundTripWithAbsentLimitsAndUnicodeNames() {
        Hello hello = new Hello("gpu-node-7", "0.1.0", "570.86.15", true, List.of(
                new GpuInventory(0, "GPU-aaaa", "NVIDIA H100 80GB HBM3", "00000000:3B:00.0", 200_000, 700_000, 700_000,
                        87, 92, 80L << 30),
                new GpuInventory(1, "GPU-bbbb", "Tesla T4 é", "00000000:3C:00.0", A, 70_000, A, (int) A, 96, 15L << 30)));
        assertEquals(hello, WireCodec.decode(WireCodec.encode(hello)));
    }

    @Test
    void aBatchKeepsEveryFieldAndEveryAbsentMarker() {
        GpuSample partial = new GpuSample(3, 5L, false, 250_000, A, 55, (int) A, (int) A, A, A, A, A);
        SampleBatch batch = new SampleBatch(42, List.of(sample(0), partial, GpuSample.lost(7, 6L)));
        SampleBatch back = (SampleBatch) WireCodec.decode(WireCodec.encode(batch));
        assertEquals(batch, back);
        assertEquals(A, back.samples().get(1).energyMillijoules(), "absent must not turn into zero");
        assertTrue(back.samples().get(2).lost());
    }

    @Test
    void samplesHaveAFixedSize() {
        byte[] one = WireCodec.encode(new SampleBatch(1, List.of(sample(0))));
        byte[] two = WireCodec.encode(new SampleBatch(1, List.of(sample(0), sample(1))));
        assertEquals(WireCodec.SAMPLE_BYTES, two.length - one.length);
    }

    @Test
    void capRequestsAndResultsRoundTrip() {
        CapRequest request = new CapRequest(99, 2, 450_000);
        CapResult result = new CapResult(99, 2, CapResult.Outcome.REJECTED, 700_000,
                "cap 900 W outside GPU 2 constraints [200 W, 700 W]");
        assertEquals(request, WireCodec.decode(WireCodec.encode(request)));
        assertEquals(result, WireCodec.decode(WireCodec.encode(result)));
    }

    @Test
    void aBatchAtTheLimitEncodesAndOneSampleMoreIsRefused() {
        List<GpuSample> samples = new ArrayList<>();
        for (int i = 0; i < WireCodec.MAX_SAMPLES_PER_BATCH; i++) {
            samples.add(sample(i % 8));
        }
        assertEquals(samples.size(), ((SampleBatch) WireCodec.decode(WireCodec.encode(new SampleBatch(1, samples)))).samples().size());
        samples.add(sample(0));
        assertThrows(IllegalArgumentException.class, () -> WireCodec.encode(new SampleBatch(1, samples)));
    }

    @Test
    void malformedFramesGetAClearErrorNotABufferException() {
        byte[] good = WireCodec.encode(new SampleBatch(1, List.of(sample(0))));
        assertMessage("announces 1 samples but carries 63 bytes", Arrays.copyOf(good, good.length - 1));
        assertMessage("truncated", Arrays.copyOf(good, 8));
        assertMessage("shorter than the header", new byte[] {1});
        assertMessage("bad magic", new byte[] {0, 0, 1, 2});
        byte[] wrongVersion = good.clone();
        wrongVersion[2] = 9;
        assertMessage("unsupported wire version 9", wrongVersion);
        byte[] wrongType = good.clone();
        wrongType[3] = 77;
        assertMessage("unknown message type 77", wrongType);
        assertMessage("trailing", Arrays.copyOf(WireCodec.encode(new CapRequest(1, 0, 1000)), 22 + 3));
    }

    @Test
    void decodedCapRequestsAreValidated() {
        byte[] frame = WireCodec.encode(new CapRequest(1, 0, 1000));
        frame[frame.length - 1] = (byte) 0xFF;
        for (int i = frame.length - 8; i < frame.length; i++) {
            frame[i] = (byte) 0xFF;
        }
        assertMessage("cap must be >= 0", frame);
    }

    @Test
    void labelValuesAreSanitised() {
        assertEquals("NVIDIA-H100-80GB-HBM3", NodeKeys.labelValue("NVIDIA H100 80GB HBM3"));
        assertEquals("A100-SXM4", NodeKeys.labelValue(" (A100/SXM4) "));
        assertEquals(63, NodeKeys.labelValue("x".repeat(100)).length());
    }

    private static void assertMessage(String expected, byte[] frame) {
        WireFormatException e = assertThrows(WireFormatException.class, () -> WireCodec.decode(frame));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
