package dev.redcast.client;

import java.util.List;
import java.util.Objects;

/**
 * Thread-safe (immutable). The reply to a history request: {@code messages} oldest first. {@code
 * offset}/{@code epoch} are the channel's current position when the server says so, otherwise null.
 */
public record HistoryPage(String channel, List<Message> messages, Long offset, String epoch) {
    public HistoryPage {
        Objects.requireNonNull(channel, "channel");
        messages = messages == null ? List.of() : List.copyOf(messages);
    }
}
