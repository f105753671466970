package dev.redcast.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.client.RedcastException;
import dev.redcast.protocol.CloseCodes;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confined to its channel's event loop. The client end of one WebSocket: sends the upgrade, turns a
 * refused upgrade into a {@link RedcastException} with the server's error code (the protocol puts
 * it in a JSON body that Netty's own client handler would throw away), answers pings and close
 * frames, and hands text frames to the {@link NettyLink}. It keeps the close code of the server's
 * close frame, which decides whether the client reconnects.
 */
final class WebSocketClientHandler extends SimpleChannelInboundHandler<Object> {
    private static final Logger log = LoggerFactory.getLogger(WebSocketClientHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocketClientHandshaker handshaker;
    private final NettyLink link;
    private final int maxFrameSize;
    private int closeCode = CloseCodes.ABNORMAL_CLOSURE;
    private String closeReason = "connection lost";

    WebSocketClientHandler(WebSocketClientHandshaker handshaker, NettyLink link, int maxFrameSize) {
        this.handshaker = handshaker;
        this.link = link;
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        handshaker
                .handshake(ctx.channel())
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                link.failed(f.cause());
                            }
                        });
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (!handshaker.isHandshakeComplete()) {
            if (msg instanceof FullHttpResponse response) {
                upgradeResponse(ctx, response);
            }
            return;
        }
        if (msg instanceof TextWebSocketFrame text) {
            link.text(text.text());
        } else if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        } else if (msg instanceof CloseWebSocketFrame close) {
            closeCode = close.statusCode() > 0 ? close.statusCode() : CloseCodes.NO_STATUS;
            closeReason = close.reasonText();
            // Echo the close as RFC 6455 asks, then end the TCP connection from our side too.
            link.close(closeCode, "");
        } else if (!(msg instanceof PongWebSocketFrame)) {
            log.debug("ignoring a {} from the server", msg.getClass().getSimpleName());
        }
    }

    private void upgradeResponse(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (response.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            link.failed(refused(response));
            return;
        }
        try {
            handshaker.finishHandshake(ctx.channel(), response);
        } catch (WebSocketHandshakeException e) {
            link.failed(
                    new RedcastException(
                            RedcastException.CODE_CONNECT_FAILED,
                            "WebSocket upgrade failed: " + e.getMessage(),
                            e));
            return;
        }
        // Fragmented text frames reach us whole, bounded like single frames.
        ctx.pipeline()
                .addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(maxFrameSize));
        link.opened();
    }

    /** The error of a refused upgrade, with the code from the protocol's JSON body. */
    static RedcastException refused(FullHttpResponse response) {
        int status = response.status().code();
        String body = response.content().toString(StandardCharsets.UTF_8);
        String code = "http_" + status;
        String message = body.isBlank() ? response.status().reasonPhrase() : body.strip();
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.isObject()) {
                code = json.path("error").asText(code);
                message = json.path("message").asText(message);
            }
        } catch (java.io.IOException e) {
            // Not JSON (a proxy's error page, say): the raw body is the best message we have.
        }
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return new RedcastException(
                code,
                "server refused the WebSocket upgrade (HTTP " + status + "): " + message,
                status,
                null);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        link.closed(closeCode, closeReason);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!handshaker.isHandshakeComplete()) {
            link.failed(cause);
            return;
        }
        if (cause instanceof CorruptedWebSocketFrameException corrupted
                && corrupted.closeStatus() != null) {
            closeCode = corrupted.closeStatus().code();
            closeReason = corrupted.getMessage();
        } else if (cause instanceof TooLongFrameException) {
            closeCode = CloseCodes.MESSAGE_TOO_BIG;
            closeReason = "frame from the server larger than " + maxFrameSize + " bytes";
        } else {
            closeReason = cause.toString();
        }
        log.debug("closing the connection: {}", closeReason);
        ctx.close();
    }
}
