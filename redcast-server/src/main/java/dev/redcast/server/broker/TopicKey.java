package dev.redcast.server.broker;

import java.util.Objects;

/**
 * Thread-safe (immutable). What a node subscribes to: a channel name or a Redis glob pattern
 * (client-visible name, without any Redis prefix).
 */
public record TopicKey(String name, boolean pattern) {
    public TopicKey {
        Objects.requireNonNull(name, "name");
    }

    public static TopicKey channel(String name) {
        return new TopicKey(name, false);
    }

    public static TopicKey pattern(String name) {
        return new TopicKey(name, true);
    }

    @Override
    public String toString() {
        return pattern ? "pattern " + name : name;
    }
}
