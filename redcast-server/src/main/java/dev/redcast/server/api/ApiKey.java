package dev.redcast.server.api;

import dev.redcast.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Thread-safe (immutable). Checks {@code Authorization: Bearer <api key>} on backend endpoints. */
public final class ApiKey {
    private final byte[] key;

    public ApiKey(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    /** Null when the request carries the key, else the 401 to answer with. */
    public HttpResult refuse(HttpRequestView req) {
        String given = req.bearer();
        if (given == null) {
            return HttpResult.error(
                    ErrorCode.UNAUTHORIZED,
                    "this endpoint needs 'Authorization: Bearer <api key>'");
        }
        if (!MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8))) {
            return HttpResult.error(ErrorCode.UNAUTHORIZED, "wrong API key");
        }
        return null;
    }
}
