package dev.redcast.server.broker;

import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Command.StreamPosition;
import java.util.List;

/**
 * Thread-safe (immutable). A slice of a channel's history, oldest first, read together with the
 * channel's current position.
 *
 * @param messages messages with offsets, oldest first
 * @param position the channel's last offset and epoch when read ({@link StreamPosition#EMPTY} when
 *     its history has not begun), or null when it keeps no history
 */
public record HistoryPage(List<ChannelMessage> messages, StreamPosition position) {
    /** The answer for a channel that keeps no history. */
    public static final HistoryPage NONE = new HistoryPage(List.of(), null);

    public HistoryPage {
        messages = List.copyOf(messages);
    }

    public boolean hasHistory() {
        return position != null;
    }
}
