package dev.redcast.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Confined to its channel's event loop. The last handler of a benchmark connection: subscribes once
 * the handshake is done, hands message frames to the loop's {@link ReceiverStats} and parses the
 * rare control frames.
 *
 * <p>Message frames are recognised by their {@code "payload":"} bytes and never become a JSON tree;
 * only replies and errors are parsed with Jackson.
 */
final class BenchSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    /** The {@code id} of subscribe commands, so an error can be matched to them. */
    static final long SUBSCRIBE_ID = 1;

    /** The {@code id} of publish commands. */
    static final long PUBLISH_ID = 2;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final int index;
    private final List<String> subscriptions;
    private final ConnectionListener listener;
    private final Function<EventLoop, ReceiverStats> statsOfLoop;

    private ReceiverStats stats;
    private int closeCode = -1;
    private String closeReason = "";

    BenchSocketHandler(
            int index,
            List<String> subscriptions,
            ConnectionListener listener,
            Function<EventLoop, ReceiverStats> statsOfLoop) {
        this.index = index;
        this.subscriptions = subscriptions;
        this.listener = listener;
        this.statsOfLoop = statsOfLoop;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        stats = statsOfLoop.apply(ctx.channel().eventLoop());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            listener.onOpen(index, ctx.channel());
            for (String channel : subscriptions) {
                ctx.write(
                        new TextWebSocketFrame(
                                "{\"type\":\"subscribe\",\"id\":"
                                        + SUBSCRIBE_ID
                                        + ",\"channel\":\""
                                        + channel
                                        + "\"}"));
            }
            ctx.flush();
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            listener.onFailed(index, new TimeoutException("handshake timed out"));
        }
        super.userEventTriggered(ctx, evt);
    }

    /**
     * The fast path from {@link InPlaceFrameDecoder}: a whole text frame still in the receive
     * buffer. Loop only.
     *
     * @return false when it is not a message (it then comes back through {@link #channelRead0})
     */
    boolean onTextInPlace(ByteBuf buf, int index, int length) {
        return stats.onText(buf, index, length);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame) {
            ByteBuf content = frame.content();
            if (!stats.onText(content)) {
                control(content);
            }
        } else if (frame instanceof CloseWebSocketFrame close) {
            closeCode = close.statusCode();
            closeReason = close.reasonText();
            ctx.close();
        }
        // Pings are answered by the protocol handler; pongs and binary frames mean nothing here.
    }

    private void control(ByteBuf content) {
        JsonNode frame;
        try {
            frame = MAPPER.readTree((InputStream) new ByteBufInputStream(content.duplicate()));
        } catch (IOException e) {
            listener.onError(index, -1, "bad_frame", "unparseable frame: " + e.getMessage());
            return;
        }
        if (frame == null) {
            return;
        }
        switch (frame.path("type").asText()) {
            case "subscribed" -> listener.onSubscribed(index, frame.path("channel").asText());
            case "published" -> listener.onPublished(index);
            case "error" ->
                    listener.onError(
                            index,
                            frame.path("id").asLong(-1),
                            frame.path("code").asText("?"),
                            frame.path("message").asText(""));
            case "welcome" ->
                    listener.onWelcome(
                            index, frame.path("node").asText(""), frame.path("version").asText(""));
            default -> {
                // join/leave, pong and frames of later protocol versions carry nothing to measure.
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        listener.onClosed(index, closeCode, closeReason);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closeReason.isEmpty()) {
            closeReason = String.valueOf(cause);
        }
        listener.onFailed(index, cause);
        ctx.close();
    }
}
