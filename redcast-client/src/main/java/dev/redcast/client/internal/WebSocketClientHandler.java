package dev.redcast.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.client.RedcastException;
import dev.redcast.protocol.CloseCodes;
import dev.redcast.wsclient.ClientUpgradeHandler;
import dev.redcast.wsclient.UpgradeFailedException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confined to its channel's event loop. The client end of one WebSocket, behind the {@link
 * ClientUpgradeHandler}: turns a refused upgrade into a {@link RedcastException} with the server's
 * error code (the protocol puts it in the JSON body of the refusal), answers pings and close
 * frames, and hands text frames to the {@link NettyLink}. It keeps the close code of the server's
 * close frame, which decides whether the client reconnects.
 */
final class WebSocketClientHandler extends SimpleChannelInboundHandler<Object> {
    private static final Logger log = LoggerFactory.getLogger(WebSocketClientHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NettyLink link;
    private final int maxFrameSize;
    private boolean upgraded;
    private int closeCode = CloseCodes.ABNORMAL_CLOSURE;
    private String closeReason = "connection lost";

    WebSocketClientHandler(NettyLink link, int maxFrameSize) {
        this.link = link;
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ClientUpgradeHandler.Upgraded) {
            upgraded = true;
            link.opened();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
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

    /** The error of a failed upgrade; a refusal carries the code from the protocol's JSON body. */
    static RedcastException upgradeFailed(UpgradeFailedException e) {
        if (!e.refused()) {
            return new RedcastException(
                    RedcastException.CODE_CONNECT_FAILED,
                    "WebSocket upgrade failed: " + e.getMessage(),
                    e.getCause());
        }
        int status = e.status();
        String body = e.body();
        String code = "http_" + status;
        String message = body.isBlank() ? e.reasonPhrase() : body.strip();
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.isObject()) {
                code = json.path("error").asText(code);
                message = json.path("message").asText(message);
            }
        } catch (java.io.IOException notJson) {
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
        if (!upgraded) {
            link.failed(cause instanceof UpgradeFailedException e ? upgradeFailed(e) : cause);
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
