package dev.redcast.bench.spec;

import java.util.Locale;

/**
 * Thread-safe (immutable). Where the load generator publishes.
 *
 * <p>{@link #REDIS} sends {@code PUBLISH channel payload} straight to Redis, which is how a backend
 * feeds the gateway; {@link #SERVER} sends protocol {@code publish} commands over the benchmark's
 * own WebSocket connections, which is how chat clients talk to each other.
 */
public enum PublishVia {
    REDIS,
    SERVER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a command-line value in any case.
     *
     * @throws IllegalArgumentException listing the accepted values
     */
    public static PublishVia parse(String text) {
        for (PublishVia value : values()) {
            if (value.label().equalsIgnoreCase(text.trim())) {
                return value;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of: redis, server");
    }
}
