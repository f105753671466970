package dev.redcast.server.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.redcast.server.protocol.Command.StreamPosition;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Thread-safe (stateless). Embeds messages in replies ({@code subscribed}, {@code history}, the
 * HTTP history) as a {@code messages} array whose elements are byte for byte the envelopes of live
 * {@code message} frames, written by {@link MessageFrameEncoder#writeEnvelope}.
 */
public final class HistoryJson {
    private HistoryJson() {}

    /** Adds {@code "messages":[...]} (oldest first) to {@code reply}. */
    public static ObjectNode putMessages(ObjectNode reply, List<ChannelMessage> messages) {
        reply.putRawValue("messages", new RawValue(array(messages)));
        return reply;
    }

    /** Adds {@code "offset"} and {@code "epoch"} when {@code position} is known. */
    public static ObjectNode putPosition(ObjectNode reply, StreamPosition position) {
        if (position != null) {
            reply.put("offset", position.offset());
            reply.put("epoch", position.epoch());
        }
        return reply;
    }

    /** The JSON array text of {@code messages}' envelopes. */
    public static String array(List<ChannelMessage> messages) {
        ByteBuf buf = Unpooled.buffer(64 + messages.size() * 128);
        try {
            buf.writeByte('[');
            for (int i = 0; i < messages.size(); i++) {
                if (i > 0) {
                    buf.writeByte(',');
                }
                MessageFrameEncoder.writeEnvelope(buf, messages.get(i));
            }
            buf.writeByte(']');
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }
}
