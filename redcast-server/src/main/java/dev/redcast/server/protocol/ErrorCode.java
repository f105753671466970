package dev.redcast.server.protocol;

/** Thread-safe (immutable). The {@code code} of an {@code error} frame or an HTTP error body. */
public enum ErrorCode {
    BAD_REQUEST("bad_request", 400),
    UNAUTHORIZED("unauthorized", 401),
    FORBIDDEN("forbidden", 403),
    NOT_FOUND("not_found", 404),
    LIMIT_EXCEEDED("limit_exceeded", 413),
    TOO_MANY_REQUESTS("too_many_requests", 429),
    UNRECOVERABLE("unrecoverable", 409),
    INTERNAL("internal", 500);

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

    /** The HTTP status used when this error answers an HTTP request. */
    public int httpStatus() {
        return httpStatus;
    }
}
