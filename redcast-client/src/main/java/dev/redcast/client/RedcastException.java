package dev.redcast.client;

import dev.redcast.protocol.ErrorCode;

/**
 * Thread-safe (immutable). A failed request or connection: the server's {@code error} frame ({@link
 * #code()} is one of the protocol's error codes, {@link ErrorCode}) or a condition the client
 * detected itself (the {@code CODE_*} constants below).
 *
 * <p>For a publish, the server's {@code internal} means nothing was published; {@code
 * outcome_unknown} ({@link ErrorCode#OUTCOME_UNKNOWN}) means the server sent it to its broker and
 * got no answer, so it may have been delivered: retry it with the same idempotency key ({@link
 * RedcastClient#publish(String, String, String)}) to have it delivered at most once. {@link
 * #CODE_TIMEOUT} and {@link #CODE_DISCONNECTED} leave a publish's outcome just as open.
 */
public class RedcastException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** No reply arrived within the request timeout. */
    public static final String CODE_TIMEOUT = "timeout";

    /** The connection was lost before the reply arrived, or there is no connection now. */
    public static final String CODE_DISCONNECTED = "disconnected";

    /** The client was closed (by {@link RedcastClient#close()} or a terminal close code). */
    public static final String CODE_CLOSED = "closed";

    /** The TCP connection or the WebSocket handshake failed. */
    public static final String CODE_CONNECT_FAILED = "connect_failed";

    /** The server sent something this client cannot read. */
    public static final String CODE_BAD_FRAME = "bad_frame";

    private final String code;
    private final int httpStatus;

    public RedcastException(String code, String message) {
        this(code, message, 0, null);
    }

    public RedcastException(String code, String message, Throwable cause) {
        this(code, message, 0, cause);
    }

    /**
     * @param httpStatus the HTTP status of a refused WebSocket upgrade, 0 when there was none
     */
    public RedcastException(String code, String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.code = code == null || code.isBlank() ? ErrorCode.INTERNAL.wire() : code;
        this.httpStatus = httpStatus;
    }

    /** The error code, for example {@code forbidden} or {@link #CODE_TIMEOUT}. */
    public String code() {
        return code;
    }

    /** The HTTP status when the server refused the WebSocket upgrade, otherwise 0. */
    public int httpStatus() {
        return httpStatus;
    }

    @Override
    public String toString() {
        return "RedcastException[" + code + "]: " + getMessage();
    }
}
