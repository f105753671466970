package dev.redcast.server.transport;

import dev.redcast.protocol.CloseCodes;
import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.auth.Principal;
import dev.redcast.server.dialect.Dialect;
import dev.redcast.server.hub.Hub;
import dev.redcast.server.hub.Session;
import dev.redcast.server.protocol.ProtocolException;
import dev.redcast.server.protocol.Replies;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confined to its channel's event loop. Reads frames of one WebSocket connection and hands text and
 * binary frames to its dialect, which runs them as commands; whatever is refused, a bad command or
 * bad input, goes to the session's one refusal path ({@link Session#refuse}) as a {@link
 * ProtocolException}.
 */
final class WebSocketSessionHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(WebSocketSessionHandler.class);

    private final Hub hub;
    private final Dialect dialect;
    private final Principal principal;
    private final String clientId;
    private final boolean compressed;
    private final int maxFrameSize;
    private Session session;
    private Dialect.Connection connection;

    /**
     * @param compressed whether the connection negotiated permessage-deflate
     */
    WebSocketSessionHandler(
            Hub hub,
            Dialect dialect,
            Principal principal,
            String clientId,
            boolean compressed,
            int maxFrameSize) {
        this.hub = hub;
        this.dialect = dialect;
        this.principal = principal;
        this.clientId = clientId;
        this.compressed = compressed;
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        session = hub.open(ctx, principal, clientId, dialect.wire(), compressed);
        connection = dialect.connect(session);
        log.debug(
                "{} connected from {} ({}{})",
                session.logPrefix(),
                ctx.channel().remoteAddress(),
                dialect.name(),
                compressed ? ", permessage-deflate" : "");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            if (session.closing()) {
                return;
            }
            byte[] bytes = ByteBufUtil.getBytes(frame.content());
            try {
                if (frame instanceof TextWebSocketFrame) {
                    connection.text(bytes);
                } else {
                    connection.binary(bytes);
                }
                session.goodCommand();
            } catch (ProtocolException e) {
                session.refuse(e);
            } catch (RuntimeException e) {
                log.error("{} command failed", session.logPrefix(), e);
                session.send(Replies.error(null, ErrorCode.INTERNAL, "internal error"));
            }
        } else if (frame instanceof PingWebSocketFrame) {
            session.pinged(frame.content());
        } else if (frame instanceof PongWebSocketFrame) {
            session.ponged();
        } else if (frame instanceof CloseWebSocketFrame close) {
            int code = close.statusCode() < 0 ? CloseCodes.NORMAL : close.statusCode();
            session.close(code, "");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        log.debug("{} disconnected", session.logPrefix());
        session.closed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof DecompressionException) {
            session.refuse(
                    ProtocolException.closing(
                            CloseCodes.MESSAGE_TOO_BIG,
                            "message larger than " + maxFrameSize + " bytes"));
        } else if (cause instanceof CorruptedWebSocketFrameException
                || cause instanceof IOException) {
            // The decoder has already sent its close code (1002, 1007, 1009); a reset needs none.
            log.debug("{} connection error: {}", session.logPrefix(), cause.toString());
            ctx.close();
        } else {
            log.warn("{} unexpected error; closing", session.logPrefix(), cause);
            ctx.close();
        }
    }
}
