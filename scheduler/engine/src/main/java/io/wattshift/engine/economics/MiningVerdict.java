package io.wattshift.engine.economics;

import java.util.Objects;

/**
 * What the market room says of mining in one hall now.
 *
 * @param mode           {@link Mode#MINE}: mining pays, a lease may be granted or grown; {@link Mode#HOLD}: keep
 *                       what runs, grant nothing new; {@link Mode#STOP}: release the lease now, whatever its age
 * @param profitUsdPerMwh mining revenue (net of the pool fee) minus the energy cost (with the hall's cooling
 *                       overhead), $ per MWh the miners draw
 * @param reason         one line for status, events and logs
 */
public record MiningVerdict(Mode mode, double profitUsdPerMwh, String reason) {
    public enum Mode { MINE, HOLD, STOP }

    public MiningVerdict {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(reason, "reason");
    }
}
