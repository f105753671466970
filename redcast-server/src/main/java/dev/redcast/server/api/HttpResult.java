package dev.redcast.server.api;

import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.protocol.Replies;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Thread-safe (immutable; the body is never written after construction). An HTTP response an
 * endpoint produced.
 */
public record HttpResult(int status, String contentType, byte[] body) {
    public static final String JSON = "application/json; charset=utf-8";

    public HttpResult {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    public static HttpResult json(int status, Object value) {
        return new HttpResult(status, JSON, Replies.bytes(value));
    }

    public static HttpResult error(ErrorCode code, String message) {
        return new HttpResult(code.httpStatus(), JSON, Replies.httpError(code, message));
    }

    public static HttpResult text(int status, String contentType, String body) {
        return new HttpResult(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
