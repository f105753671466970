package dev.redcast.server.api;

import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.protocol.Replies;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Thread-safe (immutable; the body is never written after construction). An HTTP response an
 * endpoint produced.
 *
 * @param headers response headers beyond those every response gets (content type and length,
 *     caching, keep-alive), by name
 */
public record HttpResult(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json; charset=utf-8";

    public HttpResult {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /** A response without extra headers. */
    public HttpResult(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    /** This response with header {@code name} set to {@code value}. */
    public HttpResult withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpResult(status, contentType, body, more);
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
