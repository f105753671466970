package dev.redcast.server.config;

import java.util.Objects;

/**
 * Thread-safe (immutable). Where the shared Redis is.
 *
 * @param url a {@code redis://} or {@code rediss://} URL, credentials and database included
 */
public record RedisConfig(String url) {
    public RedisConfig {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new ConfigException(
                    "invalid Redis URL '"
                            + redact(url)
                            + "': must start with redis:// or rediss://");
        }
    }

    /** The URL with any password replaced, for logs and banners. */
    public String redacted() {
        return redact(url);
    }

    private static String redact(String url) {
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
