package io.wattshift.daemon.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.daemon.FakeNvml;
import io.wattshift.daemon.nvml.Nvml;
import io.wattshift.wire.GpuInventory;
import io.wattshift.wire.GpuSample;
import io.wattshift.wire.WireCodec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GpuSamplerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T01:00:00Z"), ZoneOffset.UTC);
    private Nvml nvml;

    @AfterEach
    void close() {
        nvml.close();
    }

    private GpuSampler sampler() {
        nvml = Nvml.open(Optional.of(FakeNvml.path()));
        return new GpuSampler(nvml, CLOCK);
    }

    @Test
    void inventoryCarriesNameplateAndIdentity() {
        FakeNvml fake = FakeNvml.withGpus(2);
        fake.fake_nvml_set(1, "default_mw", 650_000);
        List<GpuInventory> inventory = sampler().inventory();
        assertEquals(2, inventory.size());
        GpuInventory g = inventory.get(1);
        assertEquals("GPU-00000000-0000-0000-0000-000000000001", g.uuid());
        assertEquals("00000000:19:00.0", g.pciBusId());
        assertEquals(200_000, g.minPowerLimitMilliwatts());
        assertEquals(650_000, g.defaultPowerLimitMilliwatts());
        assertEquals(700_000, g.maxPowerLimitMilliwatts());
        assertEquals(87, g.slowdownTemperatureCelsius());
        assertEquals(80L << 30, g.memoryTotalBytes());
    }

    @Test
    void eightGpusAreSampledEachWithItsOwnValues() {
        FakeNvml.withGpus(8).fake_nvml_set(5, "reasons", 0x4);
        List<GpuSample> tick = sampler().sampleAll();
        assertEquals(8, tick.size());
        for (GpuSample s : tick) {
            assertEquals(300_000 + 1000L * s.gpuIndex(), s.powerMilliwatts());
            assertEquals(60 + s.gpuIndex(), s.temperatureCelsius());
            assertEquals(CLOCK.millis(), s.timestampMillis());
            assertEquals(700_000, s.powerLimitMilliwatts());
            assertEquals(20L << 30, s.memoryUsedBytes());
            assertEquals(s.gpuIndex() == 5 ? 0x4 : 0, s.clocksEventReasons());
        }
    }

    @Test
    void aGpuLostMidRunIsReportedLostWhileTheOthersKeepReporting() {
        FakeNvml fake = FakeNvml.withGpus(4);
        GpuSampler sampler = sampler();
        assertFalse(sampler.sampleAll().get(2).lost());
        fake.fake_nvml_lose(2);
        List<GpuSample> tick = sampler.sampleAll();
        assertTrue(tick.get(2).lost());
        assertEquals(WireCodec.ABSENT, tick.get(2).powerMilliwatts());
        assertFalse(tick.get(3).lost());
        assertEquals(303_000, tick.get(3).powerMilliwatts());
    }

    @Test
    void unsupportedAndFailingReadingsAreAbsentNotZero() {
        FakeNvml fake = FakeNvml.withGpus(1);
        fake.fake_nvml_fail(0, "energy", FakeNvml.NOT_SUPPORTED);
        fake.fake_nvml_fail(0, "util", FakeNvml.NOT_SUPPORTED);
        fake.fake_nvml_fail(0, "temp", 999); // NVML_ERROR_UNKNOWN: a transient failure of one reading
        GpuSampler sampler = sampler();
        GpuSample s = sampler.sampleAll().get(0);
        assertEquals(WireCodec.ABSENT, s.energyMillijoules());
        assertEquals(WireCodec.ABSENT, s.gpuUtilizationPercent());
        assertEquals(WireCodec.ABSENT, s.temperatureCelsius());
        assertEquals(300_000, s.powerMilliwatts());
        assertEquals(1, sampler.readErrors());
    }
}
