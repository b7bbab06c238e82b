package io.wattshift.daemon.caps;

import io.wattshift.daemon.nvml.GpuDevice;
import io.wattshift.daemon.nvml.NvmlException;
import io.wattshift.daemon.nvml.NvmlReturn;
import io.wattshift.wire.CapRequest;
import io.wattshift.wire.CapResult;
import io.wattshift.wire.CapResult.Outcome;
import io.wattshift.wire.GpuInventory;
import io.wattshift.wire.WireCodec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the power caps the scheduler asks for, within each GPU's constraints, and keeps the desired caps in a
 * {@link CapStateFile} so that {@link #reapplyPersisted()} restores them after a restart.
 *
 * <p>Every request gets a {@link CapResult}: APPLIED with the enforced limit read back from NVML, REJECTED (out of
 * range, unknown GPU, capping disabled) without touching the GPU, or FAILED when NVML refuses (NO_PERMISSION:
 * the daemon needs root or CAP_SYS_ADMIN). Idempotent: the same request twice leaves the same state. Blocking
 * (driver calls and file I/O): call on the NVML worker thread only.
 */
public final class PowerCapController {
    private static final Logger LOG = LoggerFactory.getLogger(PowerCapController.class);

    private final List<GpuDevice> devices;
    private final List<GpuInventory> inventory;
    private final CapStateFile state;
    private final boolean enabled;
    private final Map<String, Long> desired = new TreeMap<>();
    private volatile long persistFailures;

    public PowerCapController(List<GpuDevice> devices, List<GpuInventory> inventory, CapStateFile state, boolean enabled) {
        this.devices = devices;
        this.inventory = inventory;
        this.state = state;
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Applies one request; never throws. */
    public CapResult apply(CapRequest request) {
        int gpu = request.gpuIndex();
        if (!enabled) {
            return reject(request, "capping is disabled on this node (daemon runs read-only, --capping=false)");
        }
        if (gpu >= devices.size()) {
            return reject(request, "no GPU " + gpu + " on this node (it has " + devices.size() + ")");
        }
        GpuDevice device = devices.get(gpu);
        GpuInventory info = inventory.get(gpu);
        try {
            long target = request.milliwatts() == CapRequest.RESTORE_DEFAULT
                    ? device.defaultPowerLimitMilliwatts().orElseThrow(() -> new NvmlException(
                            "nvmlDeviceGetPowerManagementDefaultLimit", NvmlReturn.NOT_SUPPORTED.code(), "Not Supported"))
                    : request.milliwatts();
            Optional<GpuDevice.PowerConstraints> constraints = device.powerConstraints();
            if (constraints.isEmpty()) {
                return reject(request, "GPU " + gpu + " does not support power limits (NOT_SUPPORTED)");
            }
            if (!constraints.get().allows(target)) {
                return reject(request, String.format("cap %s outside GPU %d constraints [%s, %s]", watts(target), gpu,
                        watts(constraints.get().minMilliwatts()), watts(constraints.get().maxMilliwatts())),
                        enforced(device));
            }
            device.setPowerLimitMilliwatts(target);
            long applied = device.enforcedPowerLimitMilliwatts().orElse(WireCodec.ABSENT);
            remember(info.uuid(), request.milliwatts());
            LOG.info("GPU {} power limit set to {} (enforced {})", gpu, watts(target), watts(applied));
            return new CapResult(request.requestId(), gpu, Outcome.APPLIED, applied, "");
        } catch (NvmlException e) {
            String hint = e.error() == NvmlReturn.NO_PERMISSION
                    ? ": setting power limits needs root or CAP_SYS_ADMIN (or run with --capping=false)" : "";
            LOG.warn("GPU {} cap {} failed: {}{}", gpu, watts(request.milliwatts()), e.getMessage(), hint);
            return new CapResult(request.requestId(), gpu, Outcome.FAILED, enforced(device), e.getMessage() + hint);
        }
    }

    /** Re-applies the caps in the state file to the GPUs with the same UUIDs; returns the results. */
    public List<CapResult> reapplyPersisted() {
        if (!enabled) {
            return List.of();
        }
        Map<String, Long> persisted;
        try {
            persisted = state.load();
        } catch (IOException e) {
            LOG.error("cannot read power cap state {}: {}; starting without persisted caps", state.path(), e.getMessage());
            return List.of();
        }
        desired.putAll(persisted);
        return inventory.stream()
                .filter(g -> persisted.containsKey(g.uuid()))
                .map(g -> {
                    CapResult r = apply(new CapRequest(0, g.index(), persisted.get(g.uuid())));
                    LOG.info("re-applied persisted cap on GPU {}: {} {}", g.index(), r.outcome(), r.message());
                    return r;
                })
                .toList();
    }

    /** The caps this daemon was asked for, milliwatts by GPU UUID (what the state file holds). */
    public Map<String, Long> desiredCaps() {
        return Map.copyOf(desired);
    }

    /** Caps that were applied but could not be written to the state file. */
    public long persistFailures() {
        return persistFailures;
    }

    private void remember(String uuid, long milliwatts) {
        if (uuid.isEmpty()) {
            return;
        }
        Long previous = milliwatts == CapRequest.RESTORE_DEFAULT ? desired.remove(uuid) : desired.put(uuid, milliwatts);
        if (previous != null && previous == milliwatts) {
            return;
        }
        try {
            state.store(desired);
        } catch (IOException e) {
            // the cap is in force; only its survival across a restart is at risk: say so loudly
            persistFailures++;
            LOG.error("cap applied but not persisted to {} (it will not survive a restart): {}", state.path(), e.toString());
        }
    }

    private static CapResult reject(CapRequest request, String message) {
        return reject(request, message, WireCodec.ABSENT);
    }

    /** {@code enforcedMilliwatts}: the limit still in force, so the scheduler knows what it is left with. */
    private static CapResult reject(CapRequest request, String message, long enforcedMilliwatts) {
        LOG.warn("cap request {} for GPU {} rejected: {}", request.requestId(), request.gpuIndex(), message);
        return new CapResult(request.requestId(), request.gpuIndex(), Outcome.REJECTED, enforcedMilliwatts, message);
    }

    private static long enforced(GpuDevice device) {
        try {
            return device.enforcedPowerLimitMilliwatts().orElse(WireCodec.ABSENT);
        } catch (NvmlException e) {
            return WireCodec.ABSENT;
        }
    }

    private static String watts(long milliwatts) {
        return milliwatts == WireCodec.ABSENT ? "unknown" : (milliwatts % 1000 == 0 ? milliwatts / 1000 + " W" : milliwatts / 1000.0 + " W");
    }
}
