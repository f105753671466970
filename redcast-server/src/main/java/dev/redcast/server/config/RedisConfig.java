package dev.redcast.server.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Thread-safe (immutable). Where the shared Redis is.
 *
 * @param url a {@code redis://} or {@code rediss://} URL, credentials and database included
 */
public record RedisConfig(String url) {
    public RedisConfig {
        Objects.requireNonNull(url, "url");
        Setting.REDIS_URL.check(url);
    }

    /**
     * The Redis at {@code host}, as an operator gives it without a URL.
     *
     * @param password the password, or null or empty for none
     */
    static RedisConfig of(String host, int port, int db, String password) {
        Setting.REDIS_PORT.check(port);
        Setting.REDIS_DB.check(db);
        String auth =
                password == null || password.isEmpty()
                        ? ""
                        : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@";
        return new RedisConfig("redis://" + auth + host + ":" + port + "/" + db);
    }

    /** The URL with any password replaced, for logs and banners. */
    public String redacted() {
        return redact(url);
    }

    /** {@code url} with anything between the scheme and an {@code @} replaced. */
    static String redact(String url) {
        int at = url.indexOf('@');
        int scheme = url.indexOf("://");
        if (at < 0 || scheme < 0 || at < scheme) {
            return url;
        }
        return url.substring(0, scheme + 3) + "***" + url.substring(at);
    }

    @Override
    public String toString() {
        return "RedisConfig[" + redacted() + "]";
    }
}
