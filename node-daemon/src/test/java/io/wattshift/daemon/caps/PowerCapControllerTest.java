package io.wattshift.daemon.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattshift.daemon.FakeNvml;
import io.wattshift.daemon.nvml.Nvml;
import io.wattshift.daemon.sampling.GpuSampler;
import io.wattshift.wire.CapRequest;
import io.wattshift.wire.CapResult;
import io.wattshift.wire.CapResult.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PowerCapControllerTest {
    @TempDir
    Path dir;
    private Nvml nvml;

    @AfterEach
    void close() {
        nvml.close();
    }

    private PowerCapController controller(boolean enabled) {
        nvml = Nvml.open(Optional.of(FakeNvml.path()));
        GpuSampler sampler = new GpuSampler(nvml, Clock.systemUTC());
        return new PowerCapController(sampler.devices(), sampler.inventory(), new CapStateFile(dir.resolve("caps.properties")), enabled);
    }

    @Test
    void aCapWithinConstraintsIsAppliedAndTheEnforcedValueReported() {
        FakeNvml fake = FakeNvml.withGpus(2);
        CapResult r = controller(true).apply(new CapRequest(7, 1, 450_000));
        assertEquals(new CapResult(7, 1, Outcome.APPLIED, 450_000, ""), r);
        assertEquals(450_000, fake.fake_nvml_limit(1));
        assertEquals(700_000, fake.fake_nvml_limit(0));
    }

    @Test
    void anOutOfRangeCapIsRefusedWithoutTouchingTheGpu() {
        FakeNvml fake = FakeNvml.withGpus(1);
        PowerCapController caps = controller(true);
        CapResult high = caps.apply(new CapRequest(1, 0, 900_000));
        assertEquals(Outcome.REJECTED, high.outcome());
        assertEquals("cap 900 W outside GPU 0 constraints [200 W, 700 W]", high.message());
        assertEquals(700_000, high.appliedMilliwatts(), "reports the limit still in force");
        assertEquals(Outcome.REJECTED, caps.apply(new CapRequest(2, 0, 199_999)).outcome());
        assertEquals(0, fake.fake_nvml_set_calls(0));
        assertEquals(Outcome.REJECTED, caps.apply(new CapRequest(3, 5, 300_000)).outcome(), "unknown GPU");
    }

    @Test
    void permissionDeniedFailsWithAHintAndKeepsTheOldLimit() {
        FakeNvml fake = FakeNvml.withGpus(1);
        fake.fake_nvml_fail(0, "set_limit", FakeNvml.NO_PERMISSION);
        CapResult r = controller(true).apply(new CapRequest(1, 0, 300_000));
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.message().contains("NO_PERMISSION") && r.message().contains("CAP_SYS_ADMIN"), r.message());
        assertEquals(700_000, r.appliedMilliwatts());
    }

    @Test
    void aLostGpuFailsTheCapCleanly() {
        FakeNvml fake = FakeNvml.withGpus(1);
        PowerCapController caps = controller(true);
        fake.fake_nvml_lose(0);
        CapResult r = caps.apply(new CapRequest(1, 0, 300_000));
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.message().contains("GPU_IS_LOST"), r.message());
    }

    @Test
    void readOnlyModeRefusesEveryCap() {
        FakeNvml fake = FakeNvml.withGpus(1);
        CapResult r = controller(false).apply(new CapRequest(1, 0, 300_000));
        assertEquals(Outcome.REJECTED, r.outcome());
        assertTrue(r.message().contains("read-only"), r.message());
        assertEquals(0, fake.fake_nvml_set_calls(0));
    }

    @Test
    void aCapSurvivesARestartAndRestoreDefaultForgetsIt() throws Exception {
        FakeNvml fake = FakeNvml.withGpus(2);
        controller(true).apply(new CapRequest(1, 1, 400_000));
        nvml.close();
        assertTrue(Files.readString(dir.resolve("caps.properties")).contains("GPU-00000000-0000-0000-0000-000000000001=400000"));

        fake.fake_nvml_reset(2); // driver reload / reboot: the GPU is back at its default limit
        assertEquals(700_000, fake.fake_nvml_limit(1));
        PowerCapController restarted = controller(true);
        List<CapResult> reapplied = restarted.reapplyPersisted();
        assertEquals(1, reapplied.size());
        assertEquals(Outcome.APPLIED, reapplied.get(0).outcome());
        assertEquals(400_000, fake.fake_nvml_limit(1));
        assertEquals(700_000, fake.fake_nvml_limit(0));

        CapResult restore = restarted.apply(new CapRequest(2, 1, CapRequest.RESTORE_DEFAULT));
        assertEquals(700_000, restore.appliedMilliwatts());
        assertEquals(Map.of(), new CapStateFile(dir.resolve("caps.properties")).load());
    }

    @Test
    void anUnwritableStateFileIsCountedButTheCapStillApplies() throws Exception {
        FakeNvml fake = FakeNvml.withGpus(1);
        Files.writeString(dir.resolve("not-a-dir"), "x");
        nvml = Nvml.open(Optional.of(FakeNvml.path()));
        GpuSampler sampler = new GpuSampler(nvml, Clock.systemUTC());
        PowerCapController caps = new PowerCapController(sampler.devices(), sampler.inventory(),
                new CapStateFile(dir.resolve("not-a-dir").resolve("caps.properties")), true);
        assertEquals(Outcome.APPLIED, caps.apply(new CapRequest(1, 0, 500_000)).outcome());
        assertEquals(500_000, fake.fake_nvml_limit(0));
        assertEquals(1, caps.persistFailures());
    }
}
