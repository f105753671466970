package dev.redcast.server.protocol;

/**
 * Thread-safe (immutable). A command the server refuses. It becomes an {@code error} frame (and
 * counts as a bad command when {@link #clientFault()}) in exactly one place, the session handler.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final Long id;

    public ProtocolException(ErrorCode code, String message, Long id) {
        super(message, null, false, false);
        this.code = code;
        this.id = id;
    }

    public static ProtocolException badRequest(String message, Long id) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, message, id);
    }

    public ErrorCode code() {
        return code;
    }

    /** The command's {@code id}, or null when it had none or could not be read. */
    public Long id() {
        return id;
    }

    /** Whether the client caused it (and so it counts towards closing with 4509). */
    public boolean clientFault() {
        return code != ErrorCode.INTERNAL;
    }
}
