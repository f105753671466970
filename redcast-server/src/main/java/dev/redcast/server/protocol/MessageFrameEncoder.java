package dev.redcast.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Thread-safe (stateless). Encodes a {@link ChannelMessage} once into a finished WebSocket text
 * frame ({@link WebSocketFrames}) that fan-out shares with every subscriber.
 */
public final class MessageFrameEncoder {
    private static final byte[] TYPE_MESSAGE = ascii("{\"type\":\"message\",\"channel\":");
    private static final byte[] PAYLOAD = ascii(",\"payload\":\"");
    private static final byte[] PAYLOAD_B64 = ascii(",\"payload_b64\":\"");
    private static final byte[] TIMESTAMP = ascii("\",\"timestamp\":\"");
    private static final byte[] OFFSET = ascii("\",\"offset\":");
    private static final byte[] EPOCH = ascii(",\"epoch\":");
    private static final byte[] FROM = ascii(",\"from\":");
    private static final byte[] PATTERN = ascii(",\"pattern\":");
    private static final byte[] NO_OFFSET_END = ascii("\"");

    private MessageFrameEncoder() {}

    /** A new buffer holding the whole frame; the caller owns its one reference. */
    public static ByteBuf encodeFrame(ByteBufAllocator alloc, ChannelMessage m) {
        ByteBuf buf =
                WebSocketFrames.startText(alloc, 160 + m.channel().length() + m.payload().length);
        writeEnvelope(buf, m);
        return WebSocketFrames.finishText(buf);
    }

    /** Appends the JSON envelope (no frame header), e.g. for history replies. */
    public static void writeEnvelope(ByteBuf out, ChannelMessage m) {
        out.writeBytes(TYPE_MESSAGE);
        JsonBytes.writeString(out, m.channel());
        int beforePayload = out.writerIndex();
        out.writeBytes(PAYLOAD);
        byte[] payload = m.payload();
        boolean text =
                m.wtf8()
                        ? JsonBytes.writeEscapedWtf8(out, payload, 0, payload.length)
                        : JsonBytes.writeEscapedUtf8(out, payload, 0, payload.length);
        if (!text) {
            out.writerIndex(beforePayload);
            out.writeBytes(PAYLOAD_B64);
            out.writeBytes(Base64.getEncoder().encode(payload));
        }
        out.writeBytes(TIMESTAMP);
        Timestamps.writeIso(out, m.timestampMillis());
        if (m.hasOffset()) {
            out.writeBytes(OFFSET);
            writeLong(out, m.offset());
        } else {
            out.writeBytes(NO_OFFSET_END);
        }
        if (m.epoch() != null) {
            out.writeBytes(EPOCH);
            JsonBytes.writeString(out, m.epoch());
        }
        if (m.from() != null) {
            out.writeBytes(FROM);
            JsonBytes.writeString(out, m.from());
        }
        if (m.pattern() != null) {
            out.writeBytes(PATTERN);
            JsonBytes.writeString(out, m.pattern());
        }
        out.writeByte('}');
    }

    private static void writeLong(ByteBuf out, long v) {
        if (v == 0) {
            out.writeByte('0');
            return;
        }
        if (v < 0) {
            out.writeByte('-');
            v = -v;
        }
        int start = out.writerIndex();
        while (v > 0) {
            out.writeByte((int) ('0' + v % 10));
            v /= 10;
        }
        for (int i = start, j = out.writerIndex() - 1; i < j; i++, j--) {
            byte t = out.getByte(i);
            out.setByte(i, out.getByte(j));
            out.setByte(j, t);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
