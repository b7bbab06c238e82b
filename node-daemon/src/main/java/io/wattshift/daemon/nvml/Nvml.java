package io.wattshift.daemon.nvml;

import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An initialised NVML session: loads {@code libnvidia-ml.so.1} through JNA, calls {@code nvmlInit_v2} and hands out
 * {@link GpuDevice}s. {@link #close()} calls {@code nvmlShutdown}.
 *
 * <p>Threading: NVML itself is thread-safe, but the daemon confines all calls to one worker thread so that a slow
 * driver call never blocks an event loop and calls never interleave.
 */
public final class Nvml implements AutoCloseable {
    /** The soname the NVIDIA driver installs (the unversioned .so comes only with development packages). */
    public static final String DEFAULT_LIBRARY = "libnvidia-ml.so.1";
    static final String NOT_FOUND = "NVML not found: is the NVIDIA driver installed / the runtime class set?";

    private final NvmlLibrary lib;

    private Nvml(NvmlLibrary lib) {
        this.lib = lib;
    }

    /**
     * Loads and initialises NVML.
     *
     * @param library a library name or an absolute path (tests and unusual driver layouts); empty for
     *                {@link #DEFAULT_LIBRARY}
     * @throws NvmlUnavailableException with a message an operator can act on when the library is missing or
     *                                  {@code nvmlInit_v2} fails (driver not loaded, no permission, ...)
     */
    public static Nvml open(Optional<String> library) {
        String name = library.filter(s -> !s.isBlank()).orElse(DEFAULT_LIBRARY);
        NvmlLibrary lib;
        try {
            lib = Native.load(name, NvmlLibrary.class);
        } catch (UnsatisfiedLinkError e) {
            throw new NvmlUnavailableException(NOT_FOUND + " (could not load " + name + ": " + e.getMessage() + ")", e);
        }
        int rc = lib.nvmlInit_v2();
        if (rc != 0) {
            NvmlException cause = new NvmlException("nvmlInit_v2", rc, describe(lib, rc));
            String hint = NvmlReturn.of(rc) == NvmlReturn.DRIVER_NOT_LOADED ? NOT_FOUND + " " : "";
            throw new NvmlUnavailableException(hint + "NVML could not initialise: " + cause.getMessage(), cause);
        }
        return new Nvml(lib);
    }

    /** The NVIDIA driver version, e.g. {@code 570.86.15}. */
    public String driverVersion() {
        byte[] buf = new byte[NvmlLibrary.DRIVER_VERSION_BUFFER_SIZE];
        check("nvmlSystemGetDriverVersion", lib.nvmlSystemGetDriverVersion(buf, buf.length));
        return Native.toString(buf);
    }

    public int deviceCount() {
        IntByReference count = new IntByReference();
        check("nvmlDeviceGetCount_v2", lib.nvmlDeviceGetCount_v2(count));
        return count.getValue();
    }

    /** The device at an NVML index; its handle stays valid for this session. */
    public GpuDevice device(int index) {
        PointerByReference handle = new PointerByReference();
        check("nvmlDeviceGetHandleByIndex_v2", lib.nvmlDeviceGetHandleByIndex_v2(index, handle));
        return new GpuDevice(this, index, handle.getValue());
    }

    /** All devices, in index order. */
    public List<GpuDevice> devices() {
        int n = deviceCount();
        List<GpuDevice> devices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            devices.add(device(i));
        }
        return devices;
    }

    NvmlLibrary lib() {
        return lib;
    }

    void check(String function, int rc) {
        if (rc != 0) {
            throw new NvmlException(function, rc, describe(lib, rc));
        }
    }

    private static String describe(NvmlLibrary lib, int rc) {
        try {
            return lib.nvmlErrorString(rc);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return "no description";
        }
    }

    @Override
    public void close() {
        lib.nvmlShutdown();
    }
}
