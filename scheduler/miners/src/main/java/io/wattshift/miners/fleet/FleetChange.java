package io.wattshift.miners.fleet;

import io.wattshift.miners.MinerError;
import java.util.List;
import java.util.Map;

/**
 * Commands sent to bring a fleet to a lease size or to reconcile it.
 *
 * @param woken   miners told to wake up (and that accepted)
 * @param slept   miners told to sleep (and that accepted)
 * @param failed  miners whose command failed, with the error; they count at nameplate
 */
public record FleetChange(List<String> woken, List<String> slept, Map<String, MinerError> failed) {

    public int commands() {
        return woken.size() + slept.size() + failed.size();
    }
}
