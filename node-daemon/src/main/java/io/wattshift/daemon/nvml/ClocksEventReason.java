package io.wattshift.daemon.nvml;

import java.util.EnumSet;
import java.util.Set;

/** Bits of NVML's clocks event (formerly "throttle") reason mask, values from nvml.h. */
public enum ClocksEventReason {
    GPU_IDLE(0x1L, "gpu_idle"),
    APPLICATIONS_CLOCKS_SETTING(0x2L, "applications_clocks_setting"),
    /** The clocks were lowered to keep the board under its power limit: our caps show up here. */
    SW_POWER_CAP(0x4L, "sw_power_cap"),
    /** HW slowdown (clocks halved or more): temperature, power brake or fast power trigger. */
    HW_SLOWDOWN(0x8L, "hw_slowdown"),
    SYNC_BOOST(0x10L, "sync_boost"),
    SW_THERMAL_SLOWDOWN(0x20L, "sw_thermal_slowdown"),
    HW_THERMAL_SLOWDOWN(0x40L, "hw_thermal_slowdown"),
    /** External power brake assertion (e.g. by the power supply). */
    HW_POWER_BRAKE_SLOWDOWN(0x80L, "hw_power_brake_slowdown"),
    DISPLAY_CLOCK_SETTING(0x100L, "display_clock_setting");

    private final long bit;
    private final String label;

    ClocksEventReason(long bit, String label) {
        this.bit = bit;
        this.label = label;
    }

    public long bit() {
        return bit;
    }

    /** Lower-case name used as a metric tag value. */
    public String label() {
        return label;
    }

    public boolean isSet(long mask) {
        return (mask & bit) != 0;
    }

    /** The reasons set in {@code mask}; unknown bits are ignored. */
    public static Set<ClocksEventReason> decode(long mask) {
        EnumSet<ClocksEventReason> set = EnumSet.noneOf(ClocksEventReason.class);
        for (ClocksEventReason r : values()) {
            if (r.isSet(mask)) {
                set.add(r);
            }
        }
        return set;
    }
}
