package io.wattshift.engine.constraints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConstraintsTest {
    @Test
    @DisplayName("the failure memo keys on the union of the fields the checks read")
    void theMemoKeysOnWhatTheChecksRead() {
        Constraints c = Constraints.standard();
        assertEquals(EnumSet.allOf(JobField.class), c.reads(), "every field some check reads, no other");
        assertEquals(EnumSet.of(JobField.TOLERATIONS), new TaintToleration().reads());
    }

    @Test
    @DisplayName("checks are sorted by what they do: prunes per hall, power budgets, scores")
    void checksAreSortedByCapability() {
        Constraints c = Constraints.standard();
        assertEquals(List.of(Gpus.class), c.hallPrunes().stream().map(Object::getClass).toList(),
            "only checks with their own hall prune are called per hall");
        assertEquals(List.of(HallPower.class, SitePower.class, Cooling.class, RackPower.class),
            c.budgets().stream().map(Object::getClass).toList());
        assertEquals(List.of(TaintToleration.class, Thermal.class, StaleTelemetry.class),
            c.scores().stream().map(Object::getClass).toList());
        assertEquals(List.of(NodeAffinity.class, TaintToleration.class, NodeResourcesFit.class),
            c.nodeFilters().stream().map(Object::getClass).toList());
    }

    @Test
    @DisplayName("a list without a topology check is refused: the placer needs it to group a job's pods")
    void aListWithoutTopologyIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new Constraints(List.of(new Gpus())));
        assertTrue(e.getMessage().contains("TopologyFit"), e.getMessage());
    }
}
