package io.wattshift.wire;

/** A frame that is not a valid message of this wire format (bad magic, version, type, or truncated). */
public final class WireFormatException extends RuntimeException {
    public WireFormatException(String message) {
        super(message);
    }
}
