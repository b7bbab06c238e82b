package io.wattshift.daemon.nvml;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code nvmlPciInfo_t} as {@code nvmlDeviceGetPciInfo_v3} fills it: the 16-byte legacy bus id comes first and the
 * 32-byte bus id last (68 bytes; {@code domain} at offset 16, {@code busId} at 36).
 */
@FieldOrder({"busIdLegacy", "domain", "bus", "device", "pciDeviceId", "pciSubSystemId", "busId"})
public class NvmlPciInfo extends Structure {
    public byte[] busIdLegacy = new byte[16];
    public int domain;
    public int bus;
    public int device;
    public int pciDeviceId;
    public int pciSubSystemId;
    public byte[] busId = new byte[32];

    /** The bus id as a string, e.g. {@code 00000000:3B:00.0}. */
    public String busIdString() {
        return Native.toString(busId);
    }

    /** Byte offset of a field, for the layout test. */
    int offsetOf(String field) {
        return fieldOffset(field);
    }
}
