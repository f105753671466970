package dev.redcast.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Thread-safe (immutable). A message delivered on a channel.
 *
 * <p>Exactly one of {@code payload} and {@code binaryPayload} is set: the server sends bytes that
 * are valid UTF-8 as {@code payload} and others as {@code payload_b64}, which arrive here decoded
 * in {@code binaryPayload}. {@link #bytes()} gives the bytes either way.
 *
 * @param channel the channel it was published on
 * @param payload the payload text, null when it is binary
 * @param binaryPayload the payload bytes when they are not UTF-8 text, otherwise null (copied in
 *     and out, so the record stays immutable)
 * @param timestamp when the server received it, null when the frame had none
 * @param offset its offset when the channel keeps history, otherwise null
 * @param epoch the history epoch of {@code offset}, otherwise null
 * @param from the publishing user when a user of the server published it, otherwise null
 * @param pattern the pattern it matched when delivered through a pattern subscription
 */
public record Message(
        String channel,
        String payload,
        byte[] binaryPayload,
        Instant timestamp,
        Long offset,
        String epoch,
        String from,
        String pattern) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Message {
        Objects.requireNonNull(channel, "channel");
        if ((payload == null) == (binaryPayload == null)) {
            throw new IllegalArgumentException(
                    "exactly one of payload and binaryPayload must be set");
        }
        binaryPayload = binaryPayload == null ? null : binaryPayload.clone();
    }

    /** A text message with only a channel and payload, as a plain Redis PUBLISH delivers it. */
    public static Message text(String channel, String payload) {
        return new Message(channel, payload, null, null, null, null, null, null);
    }

    @Override
    public byte[] binaryPayload() {
        return binaryPayload == null ? null : binaryPayload.clone();
    }

    /** Whether the payload arrived as {@code payload_b64}. */
    public boolean isBinary() {
        return binaryPayload != null;
    }

    /** The payload bytes: UTF-8 of {@link #payload()} or a copy of the binary payload. */
    public byte[] bytes() {
        return payload != null ? payload.getBytes(StandardCharsets.UTF_8) : binaryPayload.clone();
    }

    /** The history position of this message, or null when the channel keeps no history. */
    public StreamPosition position() {
        return offset != null && epoch != null ? new StreamPosition(offset, epoch) : null;
    }

    /**
     * The message as the server's {@code message} frame: one line of JSON, null fields left out.
     */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "message");
        node.put("channel", channel);
        if (isBinary()) {
            node.put("payload_b64", Base64.getEncoder().encodeToString(binaryPayload));
        } else {
            node.put("payload", payload);
        }
        if (timestamp != null) {
            node.put("timestamp", timestamp.toString());
        }
        if (offset != null) {
            node.put("offset", offset);
        }
        if (epoch != null) {
            node.put("epoch", epoch);
        }
        if (from != null) {
            node.put("from", from);
        }
        if (pattern != null) {
            node.put("pattern", pattern);
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a message", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m
                && channel.equals(m.channel)
                && Objects.equals(payload, m.payload)
                && Arrays.equals(binaryPayload, m.binaryPayload)
                && Objects.equals(timestamp, m.timestamp)
                && Objects.equals(offset, m.offset)
                && Objects.equals(epoch, m.epoch)
                && Objects.equals(from, m.from)
                && Objects.equals(pattern, m.pattern);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channel, payload, Arrays.hashCode(binaryPayload), offset, epoch);
    }

    @Override
    public String toString() {
        return "Message[channel="
                + channel
                + (payload != null
                        ? ", payload=" + payload
                        : ", binaryPayload=" + binaryPayload.length + " bytes")
                + (offset != null ? ", offset=" + offset + ", epoch=" + epoch : "")
                + (from != null ? ", from=" + from : "")
                + (pattern != null ? ", pattern=" + pattern : "")
                + "]";
    }
}
