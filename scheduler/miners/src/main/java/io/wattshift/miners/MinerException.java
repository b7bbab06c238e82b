package io.wattshift.miners;

/** Carries a {@link MinerError} through a failed future inside an adapter; adapters never let it escape. */
public final class MinerException extends RuntimeException {

    private final MinerError error;

    public MinerException(MinerError.Kind kind, String detail) {
        super(kind + ": " + detail, null, false, false);
        this.error = new MinerError(kind, detail);
    }

    public MinerError error() {
        return error;
    }

    /** The miner error behind any throwable (unwrapping completion wrappers); unknown causes become MALFORMED_REPLY. */
    public static MinerError errorOf(Throwable t) {
        Throwable c = t;
        while (c != null) {
            if (c instanceof MinerException m) return m.error();
            c = c.getCause();
        }
        return new MinerError(MinerError.Kind.MALFORMED_REPLY, String.valueOf(t));
    }
}
