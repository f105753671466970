package dev.redcast.client;

import java.util.List;
import java.util.Objects;

/**
 * Thread-safe (immutable). The server's {@code subscribed} reply.
 *
 * @param channel the channel or pattern
 * @param pattern whether it is a pattern subscription
 * @param recovered null unless the client asked to recover from a position; then whether every
 *     missed message is in {@code messages}
 * @param offset the channel's current offset when it keeps history, otherwise null
 * @param epoch the channel's current epoch when it keeps history, otherwise null
 * @param messages recovered or requested history messages, oldest first; the client has already
 *     delivered them to the subscription's listener, without duplicates
 */
public record Subscribed(
        String channel,
        boolean pattern,
        Boolean recovered,
        Long offset,
        String epoch,
        List<Message> messages) {
    public Subscribed {
        Objects.requireNonNull(channel, "channel");
        messages = messages == null ? List.of() : List.copyOf(messages);
    }
}
