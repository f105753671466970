package dev.redcast.server.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Thread-safe (immutable). The shared Redis: where it is, how this node names its channels and keys
 * there, and how often it checks that pub/sub still delivers.
 *
 * @param url a {@code redis://} or {@code rediss://} URL, credentials and database included
 * @param channelPrefix prefix of Redis channel names and keys, never shown to clients
 * @param probeIntervalSeconds seconds between pub/sub liveness probes
 * @param caFile PEM file of the CA certificates that verify a {@code rediss://} Redis, or null for
 *     the JVM's trust store
 * @param readTimeoutSeconds seconds a read on the bulk connection (history pages, catch-up,
 *     listings) may wait for its answer
 */
public record RedisConfig(
        String url,
        String channelPrefix,
        int probeIntervalSeconds,
        String caFile,
        int readTimeoutSeconds) {
    public RedisConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(channelPrefix, "channelPrefix");
        Setting.REDIS_URL.check(url);
        Setting.CHANNEL_PREFIX.check(channelPrefix);
        Setting.REDIS_PROBE_INTERVAL.check(probeIntervalSeconds);
        Setting.REDIS_READ_TIMEOUT.check(readTimeoutSeconds);
        if (caFile != null && !tls(url)) {
            // A CA for a plain connection is a TLS set-up gone wrong; failing beats silently
            // talking to Redis in the clear.
            throw new ConfigException(
                    Setting.REDIS_CA.displayName()
                            + " is set but the Redis URL "
                            + redact(url)
                            + " does not start with rediss://");
        }
    }

    /** With the default read timeout. */
    public RedisConfig(String url, String channelPrefix, int probeIntervalSeconds, String caFile) {
        this(
                url,
                channelPrefix,
                probeIntervalSeconds,
                caFile,
                Setting.REDIS_READ_TIMEOUT.defaultValue());
    }

    /** Whether the connection to Redis is TLS ({@code rediss://}). */
    public boolean tls() {
        return tls(url);
    }

    private static boolean tls(String url) {
        return url.startsWith("rediss://");
    }

    /**
     * The URL of the Redis at {@code host}, as an operator gives it without a URL.
     *
     * @param password the password, or null or empty for none
     */
    static String url(String host, int port, int db, String password) {
        Setting.REDIS_PORT.check(port);
        Setting.REDIS_DB.check(db);
        String auth =
                password == null || password.isEmpty()
                        ? ""
                        : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@";
        return "redis://" + auth + host + ":" + port + "/" + db;
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
        return "RedisConfig[url="
                + redacted()
                + ", channelPrefix="
                + channelPrefix
                + ", probeIntervalSeconds="
                + probeIntervalSeconds
                + ", caFile="
                + caFile
                + ", readTimeoutSeconds="
                + readTimeoutSeconds
                + "]";
    }
}
