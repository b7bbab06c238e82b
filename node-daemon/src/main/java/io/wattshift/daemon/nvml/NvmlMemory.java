package io.wattshift.daemon.nvml;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code nvmlMemory_t}: {@code unsigned long long total, free, used} in this order (bytes). The order matters: a
 * Java binding that declared them in another order reported free memory as used.
 */
@FieldOrder({"total", "free", "used"})
public class NvmlMemory extends Structure {
    public long total;
    public long free;
    public long used;
}
