package dev.redcast.bench.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import java.util.List;

/**
 * Confined to its channel's event loop. Decodes the server's WebSocket frames where they lie in the
 * receive buffer.
 *
 * <p>Netty's own decoder copies every frame into a new buffer and wraps it in a frame object; at
 * hundreds of thousands of deliveries a second on a machine the server shares, that was most of
 * what the load generator cost. Here a complete, unfragmented text frame is offered to a {@link
 * TextSink} in place, with no allocation; only frames the sink declines (replies, errors) and the
 * rare others (fragments, ping, pong, close) become ordinary {@link WebSocketFrame}s for the rest
 * of the pipeline.
 */
final class InPlaceFrameDecoder extends ByteToMessageDecoder implements WebSocketFrameDecoder {

    /** Takes text frames in place. */
    interface TextSink {
        /**
         * @return true when the frame was consumed; false to have it passed on as a frame
         */
        boolean onText(ByteBuf buf, int index, int length);
    }

    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;
    private static final int OPCODE_PONG = 0xA;

    private final int maxPayload;
    private final TextSink sink;

    /** Set by the first violation: what follows is not frames any more and is discarded. */
    private boolean corrupt;

    InPlaceFrameDecoder(int maxPayload, TextSink sink) {
        this.maxPayload = maxPayload;
        this.sink = sink;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (corrupt) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeFrames(in, out);
        } catch (CorruptedWebSocketFrameException e) {
            corrupt = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeFrames(ByteBuf in, List<Object> out) {
        while (true) {
            int readable = in.readableBytes();
            if (readable < 2) {
                return;
            }
            int i = in.readerIndex();
            int b0 = in.getUnsignedByte(i);
            int b1 = in.getUnsignedByte(i + 1);
            if ((b1 & 0x80) != 0) {
                throw violation(WebSocketCloseStatus.PROTOCOL_ERROR, "the server masked a frame");
            }
            if ((b0 & 0x70) != 0) {
                throw violation(
                        WebSocketCloseStatus.PROTOCOL_ERROR,
                        "reserved bits set but no extension was negotiated");
            }
            long length = b1 & 0x7f;
            int header = 2;
            if (length == 126) {
                if (readable < 4) {
                    return;
                }
                length = in.getUnsignedShort(i + 2);
                header = 4;
            } else if (length == 127) {
                if (readable < 10) {
                    return;
                }
                length = in.getLong(i + 2);
                header = 10;
            }
            if (length < 0 || length > maxPayload) {
                throw violation(
                        WebSocketCloseStatus.MESSAGE_TOO_BIG,
                        "frame of " + length + " bytes > limit " + maxPayload);
            }
            if (readable < header + length) {
                return;
            }
            int start = i + header;
            int len = (int) length;
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0f;
            if (!(fin && opcode == OPCODE_TEXT && sink.onText(in, start, len))) {
                out.add(frame(opcode, fin, in.retainedSlice(start, len)));
            }
            in.skipBytes(header + len);
        }
    }

    private static WebSocketFrame frame(int opcode, boolean fin, ByteBuf content) {
        return switch (opcode) {
            case OPCODE_CONTINUATION -> new ContinuationWebSocketFrame(fin, 0, content);
            case OPCODE_TEXT -> new TextWebSocketFrame(fin, 0, content);
            case OPCODE_BINARY -> new BinaryWebSocketFrame(fin, 0, content);
            case OPCODE_CLOSE -> new CloseWebSocketFrame(fin, 0, content);
            case OPCODE_PING -> new PingWebSocketFrame(fin, 0, content);
            case OPCODE_PONG -> new PongWebSocketFrame(fin, 0, content);
            default -> {
                content.release();
                throw violation(WebSocketCloseStatus.PROTOCOL_ERROR, "unknown opcode " + opcode);
            }
        };
    }

    private static CorruptedWebSocketFrameException violation(
            WebSocketCloseStatus status, String message) {
        return new CorruptedWebSocketFrameException(status, message);
    }
}
