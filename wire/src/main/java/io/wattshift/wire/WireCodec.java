package io.wattshift.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary encoding of {@link WireMessage}s: the one definition shared by the node daemon and the scheduler.
 *
 * <p>Frame: magic {@code 'W' 'S'} (2 bytes), version (1 byte, {@link #VERSION}), type (1 byte), body; big-endian.
 * Samples have a fixed size of {@link #SAMPLE_BYTES} bytes so that decoding is a straight run of reads
 * (the scheduler must ingest well over 100,000 samples per second on one core). Absent readings travel as
 * {@link #ABSENT}. Strings are a 2-byte length and UTF-8 bytes.
 *
 * <p>Stateless and thread-safe. Decoding never trusts the input: a malformed frame raises
 * {@link WireFormatException} with a reason, never an index or buffer exception.
 */
public final class WireCodec {
    /** Marker for "not reported by the GPU" in every numeric field. */
    public static final long ABSENT = -1;
    public static final int VERSION = 1;
    public static final int SAMPLE_BYTES = 64;
    /** A batch carries at most this many samples so a frame stays near 64 KiB (Vert.x's default frame size). */
    public static final int MAX_SAMPLES_PER_BATCH = 1024;
    public static final int MAX_GPUS = 256;

    private static final short MAGIC = 0x5753; // "WS"
    private static final byte TYPE_HELLO = 1;
    private static final byte TYPE_SAMPLES = 2;
    private static final byte TYPE_CAP_REQUEST = 3;
    private static final byte TYPE_CAP_RESULT = 4;
    private static final int HEADER_BYTES = 4;

    private WireCodec() {
    }

    static void checkGpuIndex(int index) {
        if (index < 0 || index >= MAX_GPUS) {
            throw new IllegalArgumentException("GPU index must be 0.." + (MAX_GPUS - 1) + ", got " + index);
        }
    }

    /** Encodes one message into a new array. */
    public static byte[] encode(WireMessage message) {
        ByteBuffer buf = ByteBuffer.allocate(sizeOf(message));
        if (message instanceof Hello h) {
            header(buf, TYPE_HELLO);
            putString(buf, h.nodeName());
            putString(buf, h.daemonVersion());
            putString(buf, h.driverVersion());
            buf.put((byte) (h.cappingEnabled() ? 1 : 0));
            buf.putShort((short) h.gpus().size());
            for (GpuInventory g : h.gpus()) {
                buf.put((byte) g.index());
                putString(buf, g.uuid());
                putString(buf, g.name());
                putString(buf, g.pciBusId());
                buf.putLong(g.minPowerLimitMilliwatts());
                buf.putLong(g.defaultPowerLimitMilliwatts());
                buf.putLong(g.maxPowerLimitMilliwatts());
                buf.putInt(g.slowdownTemperatureCelsius());
                buf.putInt(g.shutdownTemperatureCelsius());
                buf.putLong(g.memoryTotalBytes());
            }
        } else if (message instanceof SampleBatch b) {
            header(buf, TYPE_SAMPLES);
            buf.putLong(b.sequence());
            buf.putShort((short) b.samples().size());
            for (GpuSample s : b.samples()) {
                putSample(buf, s);
            }
        } else if (message instanceof CapRequest r) {
            header(buf, TYPE_CAP_REQUEST);
            buf.putLong(r.requestId());
            buf.put((byte) r.gpuIndex());
            buf.putLong(r.milliwatts());
        } else if (message instanceof CapResult r) {
            header(buf, TYPE_CAP_RESULT);
            buf.putLong(r.requestId());
            buf.put((byte) r.gpuIndex());
            buf.put((byte) r.outcome().ordinal());
            buf.putLong(r.appliedMilliwatts());
            putString(buf, r.message());
        }
        return buf.array();
    }

    /** Decodes one frame. */
    public static WireMessage decode(byte[] frame) {
        return decode(ByteBuffer.wrap(frame));
    }

    /** Decodes one frame from the buffer's position to its limit. */
    public static WireMessage decode(ByteBuffer buf) {
        try {
            if (buf.remaining() < HEADER_BYTES) {
                throw new WireFormatException("frame of " + buf.remaining() + " bytes is shorter than the header");
            }
            if (buf.getShort() != MAGIC) {
                throw new WireFormatException("not a Wattshift telemetry frame (bad magic)");
            }
            int version = buf.get();
            if (version != VERSION) {
                throw new WireFormatException("unsupported wire version " + version + " (this build speaks " + VERSION + ")");
            }
            byte type = buf.get();
            WireMessage message = switch (type) {
                case TYPE_HELLO -> decodeHello(buf);
                case TYPE_SAMPLES -> decodeSamples(buf);
                case TYPE_CAP_REQUEST -> new CapRequest(buf.getLong(), Byte.toUnsignedInt(buf.get()), buf.getLong());
                case TYPE_CAP_RESULT -> decodeCapResult(buf);
                default -> throw new WireFormatException("unknown message type " + type);
            };
            if (buf.hasRemaining()) {
                throw new WireFormatException(buf.remaining() + " trailing bytes after a " + message.getClass().getSimpleName());
            }
            return message;
        } catch (BufferUnderflowException e) {
            throw new WireFormatException("truncated frame");
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("invalid value: " + e.getMessage());
        }
    }

    private static Hello decodeHello(ByteBuffer buf) {
        String node = getString(buf);
        String daemonVersion = getString(buf);
        String driverVersion = getString(buf);
        boolean capping = buf.get() != 0;
        int count = Short.toUnsignedInt(buf.getShort());
        if (count > MAX_GPUS) {
            throw new WireFormatException("hello lists " + count + " GPUs, more than " + MAX_GPUS);
        }
        List<GpuInventory> gpus = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            gpus.add(new GpuInventory(Byte.toUnsignedInt(buf.get()), getString(buf), getString(buf), getString(buf),
                    buf.getLong(), buf.getLong(), buf.getLong(), buf.getInt(), buf.getInt(), buf.getLong()));
        }
        return new Hello(node, daemonVersion, driverVersion, capping, gpus);
    }

    private static SampleBatch decodeSamples(ByteBuffer buf) {
        long sequence = buf.getLong();
        int count = Short.toUnsignedInt(buf.getShort());
        if (count > MAX_SAMPLES_PER_BATCH) {
            throw new WireFormatException("batch of " + count + " samples exceeds " + MAX_SAMPLES_PER_BATCH);
        }
        if (buf.remaining() != count * SAMPLE_BYTES) {
            throw new WireFormatException("batch announces " + count + " samples but carries " + buf.remaining() + " bytes");
        }
        GpuSample[] samples = new GpuSample[count];
        for (int i = 0; i < count; i++) {
            samples[i] = getSample(buf);
        }
        return new SampleBatch(sequence, List.of(samples));
    }

    private static CapResult decodeCapResult(ByteBuffer buf) {
        long id = buf.getLong();
        int gpu = Byte.toUnsignedInt(buf.get());
        int outcome = buf.get();
        CapResult.Outcome[] outcomes = CapResult.Outcome.values();
        if (outcome < 0 || outcome >= outcomes.length) {
            throw new WireFormatException("unknown cap outcome " + outcome);
        }
        return new CapResult(id, gpu, outcomes[outcome], buf.getLong(), getString(buf));
    }

    private static void putSample(ByteBuffer buf, GpuSample s) {
        buf.put((byte) s.gpuIndex());
        buf.put((byte) (s.lost() ? 1 : 0));
        buf.putShort((short) s.temperatureCelsius());
        buf.put((byte) s.gpuUtilizationPercent());
        buf.put((byte) s.memoryUtilizationPercent());
        buf.putShort((short) 0); // reserved, keeps the longs 8-byte aligned
        buf.putLong(s.timestampMillis());
        buf.putLong(s.powerMilliwatts());
        buf.putLong(s.energyMillijoules());
        buf.putLong(s.memoryUsedBytes());
        buf.putLong(s.memoryTotalBytes());
        buf.putLong(s.powerLimitMilliwatts());
        buf.putLong(s.clocksEventReasons());
    }

    private static GpuSample getSample(ByteBuffer buf) {
        int gpu = Byte.toUnsignedInt(buf.get());
        boolean lost = buf.get() != 0;
        int temperature = buf.getShort();
        int gpuUtil = buf.get();
        int memUtil = buf.get();
        buf.getShort();
        long ts = buf.getLong();
        long power = buf.getLong();
        long energy = buf.getLong();
        long memUsed = buf.getLong();
        long memTotal = buf.getLong();
        long limit = buf.getLong();
        long reasons = buf.getLong();
        return new GpuSample(gpu, ts, lost, power, energy, temperature, gpuUtil, memUtil, memUsed, memTotal, limit, reasons);
    }

    private static int sizeOf(WireMessage message) {
        if (message instanceof Hello h) {
            int size = HEADER_BYTES + strSize(h.nodeName()) + strSize(h.daemonVersion()) + strSize(h.driverVersion()) + 3;
            for (GpuInventory g : h.gpus()) {
                size += 1 + strSize(g.uuid()) + strSize(g.name()) + strSize(g.pciBusId()) + 8 * 3 + 4 * 2 + 8;
            }
            return size;
        } else if (message instanceof SampleBatch b) {
            if (b.samples().size() > MAX_SAMPLES_PER_BATCH) {
                throw new IllegalArgumentException("batch of " + b.samples().size() + " samples exceeds " + MAX_SAMPLES_PER_BATCH);
            }
            return HEADER_BYTES + 8 + 2 + b.samples().size() * SAMPLE_BYTES;
        } else if (message instanceof CapRequest) {
            return HEADER_BYTES + 8 + 1 + 8;
        } else {
            return HEADER_BYTES + 8 + 1 + 1 + 8 + strSize(((CapResult) message).message());
        }
    }

    private static void header(ByteBuffer buf, byte type) {
        buf.putShort(MAGIC).put((byte) VERSION).put(type);
    }

    private static int strSize(String s) {
        return 2 + utf8(s).length;
    }

    private static byte[] utf8(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("string of " + bytes.length + " bytes is too long for the wire");
        }
        return bytes;
    }

    private static void putString(ByteBuffer buf, String s) {
        byte[] bytes = utf8(s);
        buf.putShort((short) bytes.length).put(bytes);
    }

    private static String getString(ByteBuffer buf) {
        int len = Short.toUnsignedInt(buf.getShort());
        if (len > buf.remaining()) {
            throw new WireFormatException("string of " + len + " bytes runs past the frame");
        }
        byte[] bytes = new byte[len];
        buf.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
