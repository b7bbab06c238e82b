package io.wattshift.daemon.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrivilegesTest {
    @Test
    void readsCapSysAdminFromTheEffectiveSet() {
        assertEquals(Optional.of(true), Privileges.hasSysAdmin("Name:\tjava\nCapEff:\t000001ffffffffff\n"), "root");
        assertEquals(Optional.of(true), Privileges.hasSysAdmin("CapEff:\t0000000000200000\n"), "only SYS_ADMIN (bit 21)");
        assertEquals(Optional.of(false), Privileges.hasSysAdmin("CapEff:\t0000000000000000\n"), "restricted pod");
        assertEquals(Optional.empty(), Privileges.hasSysAdmin("Name:\tjava\n"));
    }
}
