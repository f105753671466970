package dev.redcast.protocol;

/**
 * Thread-safe (immutable). The {@code code} of an {@code error} frame or an HTTP error body
 * (PROTOCOL.md sections 3 and 5), with the HTTP status that goes with it.
 */
public enum ErrorCode {
    BAD_REQUEST("bad_request", 400),
    UNAUTHORIZED("unauthorized", 401),
    FORBIDDEN("forbidden", 403),
    NOT_FOUND("not_found", 404),
    LIMIT_EXCEEDED("limit_exceeded", 413),
    TOO_MANY_REQUESTS("too_many_requests", 429),
    UNRECOVERABLE("unrecoverable", 409),
    INTERNAL("internal", 500),
    /**
     * A publish was sent to the broker but its answer never came (a timeout, a connection lost
     * after the write): it may or may not have been applied. Retrying may deliver it twice unless
     * the publish carried an idempotency key, which makes the retry safe. An extension of
     * PROTOCOL.md's list; a failure known not to have been applied stays {@link #INTERNAL}.
     */
    OUTCOME_UNKNOWN("outcome_unknown", 503);

    private final String wire;
    private final int httpStatus;

    ErrorCode(String wire, int httpStatus) {
        this.wire = wire;
        this.httpStatus = httpStatus;
    }

    /** The name on the wire, e.g. {@code bad_request}. */
    public String wire() {
        return wire;
    }

    /** Whether {@code code}, as read from a frame or body (may be null), is this one. */
    public boolean is(String code) {
        return wire.equals(code);
    }

    /** The HTTP status used when this error answers an HTTP request. */
    public int httpStatus() {
        return httpStatus;
    }
}
