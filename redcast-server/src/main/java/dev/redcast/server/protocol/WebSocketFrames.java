package dev.redcast.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * Thread-safe (stateless). The one place that writes the header of a finished, unmasked
 * server-to-client WebSocket text frame, so a frame can be encoded once and then shared by every
 * subscriber as a retained duplicate (the WebSocket encoder lets a plain {@link ByteBuf} pass
 * untouched).
 *
 * <p>The payload is written first, behind {@link #HEADER_ROOM} reserved bytes, because its length
 * is known only afterwards; {@link #finishText} then writes the header right in front of it.
 */
public final class WebSocketFrames {
    /** Room for the largest server frame header: 2 bytes + 8 bytes of length. */
    public static final int HEADER_ROOM = 10;

    private WebSocketFrames() {}

    /**
     * A new direct buffer with the header room reserved and its writer index behind it; write the
     * payload, then call {@link #finishText}. The caller owns its one reference.
     */
    public static ByteBuf startText(ByteBufAllocator alloc, int expectedPayloadBytes) {
        ByteBuf buf = alloc.directBuffer(HEADER_ROOM + expectedPayloadBytes);
        buf.writerIndex(HEADER_ROOM);
        return buf;
    }

    /**
     * Writes the header of a final text frame in front of the payload started with {@link
     * #startText} and moves the reader index to it; returns {@code buf}.
     */
    public static ByteBuf finishText(ByteBuf buf) {
        int length = buf.writerIndex() - HEADER_ROOM;
        int start;
        if (length < 126) {
            start = HEADER_ROOM - 2;
            buf.setByte(start + 1, length);
        } else if (length < 65536) {
            start = HEADER_ROOM - 4;
            buf.setByte(start + 1, 126);
            buf.setShort(start + 2, length);
        } else {
            start = 0;
            buf.setByte(1, 127);
            buf.setLong(2, length);
        }
        buf.setByte(start, 0x81); // FIN + text opcode
        buf.readerIndex(start);
        return buf;
    }

    /** A finished text frame holding {@code payload}; the caller owns its one reference. */
    public static ByteBuf text(ByteBufAllocator alloc, byte[] payload) {
        ByteBuf buf = startText(alloc, payload.length);
        buf.writeBytes(payload);
        return finishText(buf);
    }

    /**
     * A finished binary frame holding {@code payload}, for clients that get raw bytes which are not
     * text; the caller owns its one reference.
     */
    public static ByteBuf binary(ByteBufAllocator alloc, byte[] payload) {
        ByteBuf buf = text(alloc, payload);
        buf.setByte(buf.readerIndex(), 0x82); // FIN + binary opcode
        return buf;
    }

    /**
     * The frame object for the finished frame {@code frame} (borrowed): a text or binary frame
     * whose content is a retained slice of its payload, for a pipeline handler that works on frame
     * objects (the permessage-deflate compressor) rather than on finished bytes.
     */
    public static WebSocketFrame unwrap(ByteBuf frame) {
        int start = frame.readerIndex();
        int length = frame.getByte(start + 1) & 0x7f;
        int header = length < 126 ? 2 : length == 126 ? 4 : HEADER_ROOM;
        ByteBuf payload = frame.retainedSlice(start + header, frame.readableBytes() - header);
        return (frame.getByte(start) & 0x0f) == 0x2
                ? new BinaryWebSocketFrame(payload)
                : new TextWebSocketFrame(payload);
    }
}
