package dev.redcast.server.transport;

import dev.redcast.protocol.ErrorCode;
import dev.redcast.protocol.Subprotocol;
import dev.redcast.server.api.HttpResult;
import dev.redcast.server.auth.AuthException;
import dev.redcast.server.auth.Authenticator;
import dev.redcast.server.auth.Credentials;
import dev.redcast.server.auth.Principal;
import dev.redcast.server.config.TransportConfig;
import dev.redcast.server.hub.Commands;
import dev.redcast.server.hub.Hub;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (immutable; the limits it shares are thread-safe); called on the connection's event
 * loop. Admits or refuses a WebSocket upgrade (origin, credentials, connection limits) and, once
 * the handshake is written, swaps the HTTP handlers for the WebSocket ones.
 */
final class WebSocketUpgrade {
    private static final Logger log = LoggerFactory.getLogger(WebSocketUpgrade.class);

    private final TransportConfig config;
    private final Authenticator auth;
    private final Hub hub;
    private final Commands commands;
    private final ConnectionLimits limits;
    private final WebSocketDecoderConfig decoderConfig;

    WebSocketUpgrade(
            TransportConfig config,
            Authenticator auth,
            Hub hub,
            Commands commands,
            ConnectionLimits limits) {
        this.config = config;
        this.auth = auth;
        this.hub = hub;
        this.commands = commands;
        this.limits = limits;
        this.decoderConfig =
                WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(config.maxFrameSize())
                        .allowExtensions(false)
                        .closeOnProtocolViolation(true)
                        .build();
    }

    void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder qs) {
        if (!HttpMethod.GET.equals(req.method())) {
            refuse(
                    ctx,
                    HttpResult.error(ErrorCode.BAD_REQUEST, "a WebSocket upgrade must be a GET"));
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (!config.allowedOrigins().isEmpty()
                && (origin == null || !config.allowedOrigins().contains(origin))) {
            refuse(ctx, HttpResult.error(ErrorCode.FORBIDDEN, "origin not allowed: " + origin));
            return;
        }
        String clientId = Hub.newClientId();
        CompletableFuture<Principal> verified =
                auth.authenticateAsync(new Credentials(token(req, qs), first(qs, "user"), clientId))
                        .toCompletableFuture();
        if (verified.isDone()) {
            admit(ctx, req, clientId, verified);
            return;
        }
        // A JWKS refresh for a key id not seen yet: the request waits for it (reading stays off),
        // then continues on its own event loop.
        req.retain();
        verified.whenComplete(
                (p, err) -> {
                    try {
                        ctx.executor()
                                .execute(
                                        () -> {
                                            try {
                                                admit(ctx, req, clientId, verified);
                                            } finally {
                                                req.release();
                                            }
                                        });
                    } catch (RejectedExecutionException e) {
                        req.release(); // the event loop is shutting down with the server
                    }
                });
    }

    /** Continues an upgrade whose credentials were checked; on the connection's event loop. */
    private void admit(
            ChannelHandlerContext ctx,
            FullHttpRequest req,
            String clientId,
            CompletableFuture<Principal> verified) {
        Principal principal;
        try {
            principal = verified.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof AuthException a) {
                ErrorCode code = a.status() == 401 ? ErrorCode.UNAUTHORIZED : ErrorCode.BAD_REQUEST;
                refuse(ctx, HttpResult.error(code, a.getMessage()));
            } else {
                log.warn("credentials could not be checked", cause);
                refuse(ctx, HttpResult.error(ErrorCode.INTERNAL, "internal error"));
            }
            return;
        }
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(wsUrl(ctx, req), Subprotocol.V1, decoderConfig)
                        .newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                    .addListener(f -> HttpRequestHandler.resumeReading(ctx.channel()));
            return;
        }
        // Last before the handshake, so that every admitted channel becomes a WebSocket or closes
        // (either way the counts are given back when it closes).
        HttpResult refusal = limits.admit(ctx.channel(), principal.user());
        if (refusal != null) {
            refuse(ctx, refusal);
            return;
        }
        handshaker
                .handshake(ctx.channel(), req)
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                log.debug("handshake failed: {}", f.cause().toString());
                                ctx.close();
                                return;
                            }
                            boolean v1 = Subprotocol.V1.equals(handshaker.selectedSubprotocol());
                            install(ctx.pipeline(), principal, clientId, v1);
                        });
    }

    private void install(ChannelPipeline p, Principal principal, String clientId, boolean v1) {
        p.remove(HttpRequestHandler.class);
        HttpPhase.end(p);
        // Anything pipelined behind the upgrade request was not a WebSocket frame; drop it. (A
        // pipeline built without it, a test of the upgrade alone, has nothing to drop.)
        if (p.get(ServerInitializer.HTTP_FLOW) != null) {
            p.remove(ServerInitializer.HTTP_FLOW);
        }
        p.addLast("ws-utf8", new Utf8FrameValidator(true));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(config.maxFrameSize()));
        p.addLast(
                "ws-session",
                new WebSocketSessionHandler(
                        hub, commands, principal, clientId, v1, config.maxFrameSize()));
        HttpRequestHandler.resumeReading(p.channel());
    }

    private static void refuse(ChannelHandlerContext ctx, HttpResult result) {
        HttpResponses.write(ctx, result, false);
    }

    private static String token(FullHttpRequest req, QueryStringDecoder qs) {
        String t = first(qs, "token");
        if (t != null) {
            return t;
        }
        String h = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        return null;
    }

    private static String first(QueryStringDecoder qs, String name) {
        List<String> v = qs.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String wsUrl(ChannelHandlerContext ctx, FullHttpRequest req) {
        String host = req.headers().get(HttpHeaderNames.HOST, "localhost");
        String scheme = ctx.pipeline().get(SslHandler.class) != null ? "wss://" : "ws://";
        return scheme + host + HttpRequestHandler.WS_PATH;
    }
}
