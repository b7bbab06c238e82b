package io.wattshift.daemon;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scripts the state of the fake libnvidia-ml.so.1 (src/test/c/fake_nvml.c) that the build compiles into target/.
 * The daemon loads the same file through its normal JNA path; both share the library's state.
 */
public interface FakeNvml extends Library {
    int NOT_SUPPORTED = 3;
    int NO_PERMISSION = 4;
    int GPU_IS_LOST = 15;

    /** Absolute path of the compiled fake library. */
    static String path() {
        String path = System.getProperty("fake.nvml.library", "target/fake-nvml/libnvidia-ml.so.1");
        if (!Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("fake NVML library not built at " + path + " (run the Maven build: gcc compiles it)");
        }
        return Path.of(path).toAbsolutePath().toString();
    }

    /** Loads the control functions and resets the fake to {@code gpus} healthy H100s. */
    static FakeNvml withGpus(int gpus) {
        FakeNvml fake = Native.load(path(), FakeNvml.class);
        fake.fake_nvml_reset(gpus);
        return fake;
    }

    void fake_nvml_reset(int count);

    int fake_nvml_fail(int gpu, String feature, int code);

    int fake_nvml_set(int gpu, String field, long value);

    int fake_nvml_set_name(int gpu, String name);

    int fake_nvml_lose(int gpu);

    int fake_nvml_set_calls(int gpu);

    int fake_nvml_limit(int gpu);

    int fake_nvml_initialized();
}
