package dev.redcast.server.transport;

import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.api.HttpRequestView;
import dev.redcast.server.api.HttpResult;
import dev.redcast.server.api.Router;
import dev.redcast.server.dialect.Dialects;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confined to its channel's event loop. The HTTP side of a connection: {@code /ws} goes to the
 * WebSocket upgrade, and so does a WebSocket upgrade request on a path that speaks a dialect (a
 * plain request there, {@code GET /} for the page, still goes to the API); every other request goes
 * to the {@link Router}. Nothing an endpoint throws reaches the client as a stack trace.
 *
 * <p>One request at a time: reading stops when a request arrives and resumes once its answer is
 * written, so pipelined requests are answered in the order they came (HTTP/1.1 requires it) even
 * when an earlier one waits on Redis, and a {@code Connection: close} answer can never cut off one
 * still pending. Requests already decoded from the same read wait in the {@link
 * io.netty.handler.flow.FlowControlHandler} in front of this handler, which hands over one per
 * read; with reading stopped that queue is bounded by one socket read, so no queue of pending
 * answers is needed.
 */
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);

    static final String WS_PATH = "/ws";

    private final Router router;
    private final WebSocketUpgrade upgrade;

    HttpRequestHandler(Router router, WebSocketUpgrade upgrade) {
        this.router = router;
        this.upgrade = upgrade;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        ctx.channel().config().setAutoRead(false);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            HttpResponses.write(
                    ctx, HttpResult.error(ErrorCode.BAD_REQUEST, "malformed HTTP request"), false);
            return;
        }
        QueryStringDecoder qs;
        try {
            qs = new QueryStringDecoder(req.uri());
            qs.path();
        } catch (IllegalArgumentException e) {
            HttpResponses.write(
                    ctx, HttpResult.error(ErrorCode.BAD_REQUEST, "malformed URI"), false);
            return;
        }
        if (qs.path().equals(WS_PATH)) {
            upgrade.upgrade(ctx, req, qs, null);
            return;
        }
        Dialects.Route dialect = upgrade.dialectAt(qs.path());
        if (dialect != null
                && req.headers().containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
            upgrade.upgrade(ctx, req, qs, dialect);
            return;
        }
        HttpRequestView view =
                new HttpRequestView(
                        req.method().name(),
                        qs.path(),
                        qs.parameters(),
                        req.headers()::get,
                        ByteBufUtil.getBytes(req.content()));
        java.util.concurrent.CompletionStage<HttpResult> stage;
        try {
            stage = router.route(view);
        } catch (RuntimeException e) {
            stage = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        stage.whenComplete(
                (result, err) ->
                        ctx.executor()
                                .execute(
                                        () -> {
                                            HttpResult r = result;
                                            if (err != null) {
                                                log.error(
                                                        "{} {} failed",
                                                        view.method(),
                                                        view.path(),
                                                        err);
                                                r =
                                                        HttpResult.error(
                                                                ErrorCode.INTERNAL,
                                                                "internal error");
                                            }
                                            ChannelFuture written =
                                                    HttpResponses.write(ctx, r, keepAlive);
                                            if (keepAlive) {
                                                written.addListener(
                                                        f -> {
                                                            if (f.isSuccess()) {
                                                                resumeReading(ctx.channel());
                                                            }
                                                        });
                                            }
                                        }));
    }

    /**
     * Reads the next request once the last one is answered (here, and by the upgrade when it
     * answers or installs the WebSocket handlers).
     */
    static void resumeReading(Channel channel) {
        channel.config().setAutoRead(true);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("http connection error: {}", cause.toString());
        } else {
            log.warn("http connection error", cause);
        }
        ctx.close();
    }
}
