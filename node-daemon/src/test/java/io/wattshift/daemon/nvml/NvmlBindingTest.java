package io.wattshift.daemon.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.daemon.FakeNvml;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The binding against a C library with NVML's symbols, through the real JNA path. */
class NvmlBindingTest {
    private Nvml nvml;

    private Nvml open(FakeNvml fake) {
        nvml = Nvml.open(Optional.of(FakeNvml.path()));
        return nvml;
    }

    @AfterEach
    void close() {
        if (nvml != null) {
            nvml.close();
        }
    }

    @Test
    void readsEveryValueInNvmlUnits() {
        FakeNvml fake = FakeNvml.withGpus(1);
        fake.fake_nvml_set(0, "power_mw", 412_345);
        fake.fake_nvml_set(0, "energy_mj", 9_876_543_210L);
        fake.fake_nvml_set(0, "temp", 71);
        fake.fake_nvml_set(0, "util_gpu", 97);
        fake.fake_nvml_set(0, "util_mem", 33);
        GpuDevice gpu = open(fake).device(0);

        assertEquals("570.86.15", nvml.driverVersion());
        assertEquals("NVIDIA H100 80GB HBM3", gpu.name());
        assertEquals("GPU-00000000-0000-0000-0000-000000000000", gpu.uuid());
        assertEquals(412_345, gpu.powerUsageMilliwatts().getAsLong());
        assertTrue(gpu.totalEnergyMillijoules().getAsLong() >= 9_876_543_210L);
        assertEquals(71, gpu.temperatureCelsius().getAsInt());
        assertEquals(87, gpu.slowdownTemperatureCelsius().getAsInt());
        assertEquals(92, gpu.shutdownTemperatureCelsius().getAsInt());
        assertEquals(new GpuDevice.Utilization(97, 33), gpu.utilization().orElseThrow());
        assertEquals(700_000, gpu.enforcedPowerLimitMilliwatts().getAsLong());
        assertEquals(700_000, gpu.powerManagementLimitMilliwatts().getAsLong());
        assertEquals(700_000, gpu.defaultPowerLimitMilliwatts().getAsLong());
        assertEquals(new GpuDevice.PowerConstraints(200_000, 700_000), gpu.powerConstraints().orElseThrow());
    }

    @Test
    void memoryFieldsAreTotalFreeUsedInThatOrder() {
        FakeNvml fake = FakeNvml.withGpus(1);
        fake.fake_nvml_set(0, "mem_total", 80L << 30);
        fake.fake_nvml_set(0, "mem_used", 60L << 30);
        GpuDevice.MemoryInfo memory = open(fake).device(0).memory().orElseThrow();
        // distinct values: a binding with swapped fields would report 20 GiB used
        assertEquals(80L << 30, memory.totalBytes());
        assertEquals(20L << 30, memory.freeBytes());
        assertEquals(60L << 30, memory.usedBytes());
    }

    @Test
    void structLayoutsMatchNvmlH() {
        assertEquals(24, new NvmlMemory().size());
        assertEquals(8, new NvmlUtilization().size());
        NvmlPciInfo pci = new NvmlPciInfo();
        assertEquals(68, pci.size());
        assertEquals(16, pci.offsetOf("domain"));
        assertEquals(28, pci.offsetOf("pciDeviceId"));
        assertEquals(36, pci.offsetOf("busId"));
    }

    @Test
    void pciInfoV3FillsTheTrailingBusId() {
        FakeNvml fake = FakeNvml.withGpus(2);
        NvmlPciInfo pci = open(fake).device(1).pciInfo();
        assertEquals("00000000:19:00.0", pci.busIdString());
        assertEquals(0x19, pci.bus);
        assertEquals(0x233010DE, pci.pciDeviceId);
    }

    @Test
    void seesSeveralGpusEachWithItsOwnReadings() {
        FakeNvml fake = FakeNvml.withGpus(8);
        List<GpuDevice> devices = open(fake).devices();
        assertEquals(8, devices.size());
        for (GpuDevice d : devices) {
            assertEquals(300_000 + 1000L * d.index(), d.powerUsageMilliwatts().getAsLong());
            assertEquals(60 + d.index(), d.temperatureCelsius().getAsInt());
        }
    }

    @Test
    void unsupportedFeaturesAreAbsentNotZero() {
        FakeNvml fake = FakeNvml.withGpus(1);
        for (String feature : List.of("power", "energy", "temp", "threshold", "util", "memory", "reasons", "constraints",
                "default_limit", "limit")) {
            fake.fake_nvml_fail(0, feature, FakeNvml.NOT_SUPPORTED);
        }
        GpuDevice gpu = open(fake).device(0);
        assertTrue(gpu.powerUsageMilliwatts().isEmpty());
        assertTrue(gpu.totalEnergyMillijoules().isEmpty());
        assertTrue(gpu.temperatureCelsius().isEmpty());
        assertTrue(gpu.slowdownTemperatureCelsius().isEmpty());
        assertTrue(gpu.utilization().isEmpty());
        assertTrue(gpu.memory().isEmpty());
        assertTrue(gpu.clocksEventReasons().isEmpty());
        assertTrue(gpu.powerConstraints().isEmpty());
        assertTrue(gpu.defaultPowerLimitMilliwatts().isEmpty());
        assertTrue(gpu.enforcedPowerLimitMilliwatts().isEmpty());
    }

    @Test
    void aLostGpuRaisesTypedErrors() {
        FakeNvml fake = FakeNvml.withGpus(2);
        GpuDevice gpu = open(fake).device(1);
        assertTrue(gpu.powerUsageMilliwatts().isPresent());
        fake.fake_nvml_lose(1);
        NvmlException e = assertThrows(NvmlException.class, gpu::powerUsageMilliwatts);
        assertEquals(NvmlReturn.GPU_IS_LOST, e.error());
        assertTrue(e.getMessage().contains("nvmlDeviceGetPowerUsage failed: GPU_IS_LOST (15, GPU is lost)"), e.getMessage());
        assertTrue(nvml.device(0).powerUsageMilliwatts().isPresent(), "the other GPU keeps answering");
    }

    @Test
    void setPowerLimitReportsPermissionAndRangeErrors() {
        FakeNvml fake = FakeNvml.withGpus(1);
        GpuDevice gpu = open(fake).device(0);
        gpu.setPowerLimitMilliwatts(450_000);
        assertEquals(450_000, gpu.enforcedPowerLimitMilliwatts().getAsLong());

        assertEquals(NvmlReturn.INVALID_ARGUMENT,
                assertThrows(NvmlException.class, () -> gpu.setPowerLimitMilliwatts(900_000)).error());
        fake.fake_nvml_fail(0, "set_limit", FakeNvml.NO_PERMISSION);
        assertEquals(NvmlReturn.NO_PERMISSION,
                assertThrows(NvmlException.class, () -> gpu.setPowerLimitMilliwatts(300_000)).error());
        assertEquals(450_000, gpu.enforcedPowerLimitMilliwatts().getAsLong());
    }

    @Test
    void clocksEventReasonBitsDecode() {
        FakeNvml fake = FakeNvml.withGpus(1);
        fake.fake_nvml_set(0, "reasons", 0x4 | 0x8 | 0x20 | 0x40 | 0x80);
        long mask = open(fake).device(0).clocksEventReasons().getAsLong();
        assertEquals(EnumSet.of(ClocksEventReason.SW_POWER_CAP, ClocksEventReason.HW_SLOWDOWN,
                ClocksEventReason.SW_THERMAL_SLOWDOWN, ClocksEventReason.HW_THERMAL_SLOWDOWN,
                ClocksEventReason.HW_POWER_BRAKE_SLOWDOWN), ClocksEventReason.decode(mask));
        assertTrue(ClocksEventReason.decode(0x1).contains(ClocksEventReason.GPU_IDLE));
        assertFalse(ClocksEventReason.decode(0).iterator().hasNext());
    }

    @Test
    void everyReturnCodeMapsToItsConstant() {
        assertEquals(NvmlReturn.NO_PERMISSION, NvmlReturn.of(4));
        assertEquals(NvmlReturn.GPU_IS_LOST, NvmlReturn.of(15));
        assertEquals(NvmlReturn.UNKNOWN, NvmlReturn.of(12345));
        NvmlException e = new NvmlException("nvmlX", 12345, "?");
        assertEquals(12345, e.code());
    }

    @Test
    void aMissingLibraryGivesTheOperatorAHint() {
        NvmlUnavailableException e = assertThrows(NvmlUnavailableException.class,
                () -> Nvml.open(Optional.of("/nonexistent/libnvidia-ml.so.1")));
        assertTrue(e.getMessage().startsWith("NVML not found: is the NVIDIA driver installed / the runtime class set?"),
                e.getMessage());
    }

    @Test
    void aDriverThatIsNotLoadedFailsStartUpClearly() {
        FakeNvml fake = FakeNvml.withGpus(1);
        fake.fake_nvml_fail(-1, "init", 9);
        NvmlUnavailableException e = assertThrows(NvmlUnavailableException.class, () -> open(fake));
        assertTrue(e.getMessage().contains("DRIVER_NOT_LOADED"), e.getMessage());
        assertTrue(e.getMessage().startsWith("NVML not found"), e.getMessage());
    }
}
