package dev.redcast.bench.spec;

import java.util.Locale;

/**
 * Thread-safe (immutable). What the load generator does with its connections.
 *
 * <ul>
 *   <li>{@link #FANOUT}: every connection on one channel; the publisher sends to that channel.
 *   <li>{@link #CHANNELS}: connection {@code i} on channel {@code i % K}; publishes go round-robin
 *       over the K channels.
 *   <li>{@link #CHAT}: rooms of M members; members publish through the server into their room.
 *   <li>{@link #IDLE}: connections that do nothing, to measure the server's memory per connection.
 * </ul>
 */
public enum Scenario {
    FANOUT,
    CHANNELS,
    CHAT,
    IDLE;

    /** The name used on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a command-line value in any case.
     *
     * @throws IllegalArgumentException listing the accepted values
     */
    public static Scenario parse(String text) {
        for (Scenario value : values()) {
            if (value.label().equalsIgnoreCase(text.trim())) {
                return value;
            }
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not one of: fanout, channels, chat, idle");
    }
}
