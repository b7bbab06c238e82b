package io.wattshift.daemon.sampling;

import io.wattshift.daemon.nvml.GpuDevice;
import io.wattshift.daemon.nvml.Nvml;
import io.wattshift.daemon.nvml.NvmlException;
import io.wattshift.daemon.nvml.NvmlReturn;
import io.wattshift.wire.GpuInventory;
import io.wattshift.wire.GpuSample;
import io.wattshift.wire.WireCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every GPU of an {@link Nvml} session into wire {@link GpuSample}s.
 *
 * <p>A reading that fails with anything but GPU_IS_LOST becomes absent for that tick (and is counted in
 * {@link #readErrors()}) so that one flaky counter does not hide the rest; GPU_IS_LOST turns the whole GPU into a
 * {@link GpuSample#lost} sample. Blocking (driver calls): run it on the NVML worker thread only.
 */
public final class GpuSampler {
    private static final Logger LOG = LoggerFactory.getLogger(GpuSampler.class);
    private static final long ABSENT = WireCodec.ABSENT;

    private final List<GpuDevice> devices;
    private final List<GpuInventory> inventory;
    private final Clock clock;
    private final boolean[] lostLogged;
    private long readErrors;

    public GpuSampler(Nvml nvml, Clock clock) {
        this.devices = nvml.devices();
        this.clock = clock;
        this.inventory = devices.stream().map(GpuSampler::describe).toList();
        this.lostLogged = new boolean[devices.size()];
    }

    /** Static facts of each GPU, read once at start-up. */
    public List<GpuInventory> inventory() {
        return inventory;
    }

    public List<GpuDevice> devices() {
        return devices;
    }

    /** Reads all GPUs once. */
    public List<GpuSample> sampleAll() {
        List<GpuSample> samples = new ArrayList<>(devices.size());
        for (GpuDevice device : devices) {
            samples.add(sample(device));
        }
        return samples;
    }

    /** Readings that failed with an error other than NOT_SUPPORTED or GPU_IS_LOST since start. */
    public long readErrors() {
        return readErrors;
    }

    private GpuSample sample(GpuDevice d) {
        long now = clock.millis();
        try {
            long[] memory = read(() -> d.memory().map(m -> new long[] {m.usedBytes(), m.totalBytes()}),
                    new long[] {ABSENT, ABSENT});
            int[] util = read(() -> d.utilization().map(u -> new int[] {u.gpuPercent(), u.memoryPercent()}),
                    new int[] {(int) ABSENT, (int) ABSENT});
            GpuSample s = new GpuSample(d.index(), now, false,
                    readLong(d::powerUsageMilliwatts), readLong(d::totalEnergyMillijoules), readInt(d::temperatureCelsius),
                    util[0], util[1], memory[0], memory[1],
                    readLong(d::enforcedPowerLimitMilliwatts), readLong(d::clocksEventReasons));
            lostLogged[d.index()] = false;
            return s;
        } catch (NvmlException e) {
            if (!lostLogged[d.index()]) {
                LOG.error("GPU {} is lost (fallen off the bus?): {}", d.index(), e.getMessage());
                lostLogged[d.index()] = true;
            }
            return GpuSample.lost(d.index(), now);
        }
    }

    private long readLong(Supplier<OptionalLong> reading) {
        return read(() -> {
            OptionalLong v = reading.get();
            return v.isPresent() ? Optional.of(v.getAsLong()) : Optional.<Long>empty();
        }, ABSENT);
    }

    private int readInt(Supplier<OptionalInt> reading) {
        return read(() -> {
            OptionalInt v = reading.get();
            return v.isPresent() ? Optional.of(v.getAsInt()) : Optional.<Integer>empty();
        }, (int) ABSENT);
    }

    /** Rethrows GPU_IS_LOST (the caller marks the GPU lost); any other failure makes this one reading absent. */
    private <T> T read(Supplier<Optional<T>> reading, T absent) {
        try {
            return reading.get().orElse(absent);
        } catch (NvmlException e) {
            if (e.error() == NvmlReturn.GPU_IS_LOST) {
                throw e;
            }
            readErrors++;
            LOG.debug("reading failed: {}", e.getMessage());
            return absent;
        }
    }

    private static GpuInventory describe(GpuDevice d) {
        try {
            return describeOrThrow(d);
        } catch (NvmlException e) {
            LOG.error("cannot describe GPU {}: {}", d.index(), e.getMessage());
            return new GpuInventory(d.index(), "", "", "", ABSENT, ABSENT, ABSENT, (int) ABSENT, (int) ABSENT, ABSENT);
        }
    }

    private static GpuInventory describeOrThrow(GpuDevice d) {
        Optional<GpuDevice.PowerConstraints> limits = d.powerConstraints();
        return new GpuInventory(d.index(), d.uuid(), d.name(), d.pciInfo().busIdString(),
                limits.map(GpuDevice.PowerConstraints::minMilliwatts).orElse(ABSENT),
                d.defaultPowerLimitMilliwatts().orElse(ABSENT),
                limits.map(GpuDevice.PowerConstraints::maxMilliwatts).orElse(ABSENT),
                d.slowdownTemperatureCelsius().orElse((int) ABSENT),
                d.shutdownTemperatureCelsius().orElse((int) ABSENT),
                d.memory().map(GpuDevice.MemoryInfo::totalBytes).orElse(ABSENT));
    }
}
