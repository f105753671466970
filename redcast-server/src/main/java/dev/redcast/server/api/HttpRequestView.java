package dev.redcast.server.api;

import java.util.List;
import java.util.Map;

/**
 * Thread-safe (immutable). What an endpoint sees of a request: decoupled from Netty so endpoints
 * stay plain functions.
 *
 * @param method e.g. {@code GET}
 * @param path the decoded path without query
 * @param query decoded query parameters
 * @param headers header lookup (case-insensitive names, first value)
 * @param body the request body (empty when none)
 */
public record HttpRequestView(
        String method,
        String path,
        Map<String, List<String>> query,
        java.util.function.Function<String, String> headers,
        byte[] body) {

    public String header(String name) {
        return headers.apply(name);
    }

    /** The token from {@code Authorization: Bearer}, or null. */
    public String bearer() {
        String h = header("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        return null;
    }
}
