package dev.redcast.cli.chat;

import java.time.Instant;
import java.util.Objects;

/**
 * Thread-safe (immutable). One entry of a channel's log: a message or a notice from the chat
 * itself.
 *
 * @param sender who sent it; null for notices
 * @param offset the message's history offset, null when it has none (notices, plain Redis)
 * @param epoch the epoch of {@code offset}
 */
public record ChatLine(Instant time, String sender, String text, Long offset, String epoch) {
    public ChatLine {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(text, "text");
    }

    /** A line the chat writes itself ("joined general", errors, command output). */
    public static ChatLine notice(Instant time, String text) {
        return new ChatLine(time, null, text, null, null);
    }

    public boolean isNotice() {
        return sender == null;
    }

    /** A key that identifies a message by its history position, or null when it has none. */
    public String positionKey() {
        return offset != null && epoch != null ? epoch + "@" + offset : null;
    }
}
