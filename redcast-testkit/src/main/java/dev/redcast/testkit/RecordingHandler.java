package dev.redcast.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.redcast.protocol.CloseCodes;
import dev.redcast.wsclient.ClientUpgradeHandler;
import dev.redcast.wsclient.UpgradeFailedException;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confined to its channel's event loop. Behind the {@link ClientUpgradeHandler}: completes {@link
 * #handshakeDone} when the upgrade succeeded or failed, then records every frame the server sends
 * into the {@link FrameInbox}: text as parsed JSON (or a {@link TextNode} when it is not JSON),
 * binary as a {@link BinaryNode}; pings and pongs are only counted.
 */
final class RecordingHandler extends SimpleChannelInboundHandler<Object> {

    private static final Logger log = LoggerFactory.getLogger(RecordingHandler.class);

    // Strict, so a frame with trailing garbage or duplicate keys shows up as text, not as JSON.
    static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build();

    private final FrameInbox inbox;
    private final boolean autoPong;
    final CompletableFuture<Void> handshakeDone = new CompletableFuture<>();
    // The subprotocol the server agreed to; set before handshakeDone completes.
    volatile String subprotocol;
    final AtomicInteger pings = new AtomicInteger();
    final AtomicInteger pongs = new AtomicInteger();
    // Set once either side's close frame went out, so we never send two.
    volatile boolean closeSent;

    RecordingHandler(FrameInbox inbox, boolean autoPong) {
        this.inbox = inbox;
        this.autoPong = autoPong;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ClientUpgradeHandler.Upgraded upgraded) {
            subprotocol = upgraded.subprotocol();
            handshakeDone.complete(null);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handshakeDone.completeExceptionally(
                new IOException("connection closed before the WebSocket handshake finished"));
        inbox.closed(new WsTestClient.CloseStatus(CloseCodes.ABNORMAL_CLOSURE, ""));
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TextWebSocketFrame text) {
            record(ctx, parse(text.content().toString(StandardCharsets.UTF_8)));
        } else if (msg instanceof BinaryWebSocketFrame binary) {
            record(ctx, BinaryNode.valueOf(ByteBufUtil.getBytes(binary.content())));
        } else if (msg instanceof PingWebSocketFrame ping) {
            pings.incrementAndGet();
            if (autoPong) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retainedDuplicate()));
            }
        } else if (msg instanceof PongWebSocketFrame) {
            pongs.incrementAndGet();
        } else if (msg instanceof CloseWebSocketFrame close) {
            onClose(ctx, close);
        } else {
            inbox.failed(new IllegalStateException("unexpected message after handshake: " + msg));
            ctx.close();
        }
    }

    private void record(ChannelHandlerContext ctx, JsonNode node) {
        if (!inbox.add(node)) {
            ctx.close();
        }
    }

    private void onClose(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        int code = close.statusCode() < 0 ? CloseCodes.NO_STATUS : close.statusCode();
        String reason = close.statusCode() < 0 ? "" : close.reasonText();
        inbox.closed(new WsTestClient.CloseStatus(code, reason));
        if (closeSent) {
            ctx.close();
            return;
        }
        closeSent = true;
        // Echo the code as RFC 6455 asks; 1005 must never be sent on the wire.
        CloseWebSocketFrame reply =
                code == CloseCodes.NO_STATUS
                        ? new CloseWebSocketFrame()
                        : new CloseWebSocketFrame(code, "");
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }

    static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? TextNode.valueOf(text) : node;
        } catch (JsonProcessingException notJson) {
            return TextNode.valueOf(text);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("ws test client {} failed: {}", ctx.channel(), cause.toString());
        handshakeDone.completeExceptionally(
                cause instanceof UpgradeFailedException e
                        ? new WsTestClient.HandshakeFailed(e.status(), e.body(), e.getMessage())
                        : cause);
        inbox.failed(cause);
        ctx.close();
    }
}
