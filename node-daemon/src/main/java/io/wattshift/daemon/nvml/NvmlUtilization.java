package io.wattshift.daemon.nvml;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** {@code nvmlUtilization_t}: {@code unsigned int gpu, memory} (percent over the driver's last sample period). */
@FieldOrder({"gpu", "memory"})
public class NvmlUtilization extends Structure {
    public int gpu;
    public int memory;
}
