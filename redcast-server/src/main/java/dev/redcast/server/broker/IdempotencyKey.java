package dev.redcast.server.broker;

import dev.redcast.protocol.IdempotencyKeys;
import java.util.Objects;

/**
 * Thread-safe (immutable). The idempotency key of a publish, in the namespace of its publisher: a
 * user's keys and the backend API's keys never collide, so no client can use up (and so swallow) a
 * key a backend will send, nor read another user's result.
 *
 * @param user the publishing user, or null for the backend API
 * @param key the key as the publisher gave it, checked by {@link IdempotencyKeys#problem}
 */
public record IdempotencyKey(String user, String key) {
    public IdempotencyKey {
        Objects.requireNonNull(key, "key");
        String problem = IdempotencyKeys.problem(key);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A key sent by a backend through the HTTP API. */
    public static IdempotencyKey ofBackend(String key) {
        return new IdempotencyKey(null, key);
    }

    /** A key sent by {@code user} on a WebSocket. */
    public static IdempotencyKey ofUser(String user, String key) {
        return new IdempotencyKey(Objects.requireNonNull(user, "user"), key);
    }

    /**
     * The key with its namespace, unambiguous whatever the user name holds: {@code api:KEY} or
     * {@code u<length of user>:USER:KEY}. Brokers store it under the channel's name.
     */
    public String scoped() {
        return user == null ? "api:" + key : "u" + user.length() + ":" + user + ":" + key;
    }
}
