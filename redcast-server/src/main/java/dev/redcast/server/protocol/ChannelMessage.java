package dev.redcast.server.protocol;

import java.util.Objects;

/**
 * Thread-safe (immutable; the payload array is never written after construction). One message on a
 * channel as it travels from a broker to the clients.
 *
 * @param channel the channel, without any Redis prefix
 * @param pattern the subscribed pattern it matched, or null for a plain channel delivery
 * @param payload the published bytes, verbatim
 * @param timestampMillis when it was published (or received, for a plain Redis PUBLISH)
 * @param offset its position in the channel's history, or {@link #NO_OFFSET}
 * @param epoch the history's epoch, or null when the channel keeps no history
 * @param from the user who published it through redcast, or null
 * @param wtf8 whether {@code payload} is text holding a lone surrogate in its 3-byte form ({@link
 *     JsonBytes#textBytes}), to be written back as its escape rather than as {@code payload_b64}
 *     like bytes that are not UTF-8
 */
public record ChannelMessage(
        String channel,
        String pattern,
        byte[] payload,
        long timestampMillis,
        long offset,
        String epoch,
        String from,
        boolean wtf8) {

    /** Marks a message that has no place in a history. */
    public static final long NO_OFFSET = -1;

    public ChannelMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
    }

    /** A message whose payload is bytes (or well-formed text). */
    public ChannelMessage(
            String channel,
            String pattern,
            byte[] payload,
            long timestampMillis,
            long offset,
            String epoch,
            String from) {
        this(channel, pattern, payload, timestampMillis, offset, epoch, from, false);
    }

    public boolean hasOffset() {
        return offset != NO_OFFSET;
    }

    /** The same message as delivered through pattern subscription {@code pattern}. */
    public ChannelMessage viaPattern(String pattern) {
        return new ChannelMessage(
                channel, pattern, payload, timestampMillis, offset, epoch, from, wtf8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelMessage m
                && channel.equals(m.channel)
                && Objects.equals(pattern, m.pattern)
                && java.util.Arrays.equals(payload, m.payload)
                && timestampMillis == m.timestampMillis
                && offset == m.offset
                && Objects.equals(epoch, m.epoch)
                && Objects.equals(from, m.from)
                && wtf8 == m.wtf8;
    }

    @Override
    public int hashCode() {
        return Objects.hash(channel, pattern, java.util.Arrays.hashCode(payload), offset);
    }

    @Override
    public String toString() {
        return "ChannelMessage[channel="
                + channel
                + ", pattern="
                + pattern
                + ", bytes="
                + payload.length
                + ", offset="
                + offset
                + ", epoch="
                + epoch
                + ", from="
                + from
                + (wtf8 ? ", wtf8" : "")
                + "]";
    }
}
