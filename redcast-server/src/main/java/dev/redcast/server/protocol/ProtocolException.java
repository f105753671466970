package dev.redcast.server.protocol;

import dev.redcast.protocol.ErrorCode;

/**
 * Thread-safe (immutable). Something a client did that the server refuses: a command it will not
 * carry out (an {@code error} frame, the connection stays open) or a violation that ends the
 * connection ({@link #closeCode()} is set). It becomes an error frame or a close in exactly one
 * place, the session's refusal path, and counts as a bad command when {@link #clientFault()}.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@link #closeCode()} of a refusal that leaves the connection open. */
    public static final int NO_CLOSE = 0;

    private final ErrorCode code;
    private final Long id;
    private final int closeCode;

    public ProtocolException(ErrorCode code, String message, Long id) {
        this(code, message, id, NO_CLOSE);
    }

    private ProtocolException(ErrorCode code, String message, Long id, int closeCode) {
        super(message, null, false, false);
        this.code = code;
        this.id = id;
        this.closeCode = closeCode;
    }

    public static ProtocolException badRequest(String message, Long id) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, message, id);
    }

    /**
     * A violation that ends the connection with {@code closeCode} and {@code reason}, answered by
     * no error frame (the close frame says it all).
     */
    public static ProtocolException closing(int closeCode, String reason) {
        return new ProtocolException(null, reason, null, closeCode);
    }

    /** The same refusal, now also ending the connection with {@code closeCode}. */
    public ProtocolException andClose(int closeCode) {
        return new ProtocolException(code, getMessage(), id, closeCode);
    }

    /** The error frame's code, or null when the refusal is only a close. */
    public ErrorCode code() {
        return code;
    }

    /** The command's {@code id}, or null when it had none or could not be read. */
    public Long id() {
        return id;
    }

    /** The close code ending the connection, or {@link #NO_CLOSE}. */
    public int closeCode() {
        return closeCode;
    }

    /** Whether the client caused it (and so it counts towards closing with 4509). */
    public boolean clientFault() {
        return code != ErrorCode.INTERNAL;
    }
}
