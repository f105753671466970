package dev.redcast.server.transport;

import dev.redcast.protocol.ErrorCode;
import dev.redcast.protocol.Subprotocol;
import dev.redcast.server.api.HttpResult;
import dev.redcast.server.auth.AuthException;
import dev.redcast.server.auth.Authenticator;
import dev.redcast.server.auth.Credentials;
import dev.redcast.server.auth.Principal;
import dev.redcast.server.auth.SharedTokenAuthenticator;
import dev.redcast.server.config.TransportConfig;
import dev.redcast.server.dialect.Dialect;
import dev.redcast.server.dialect.Dialects;
import dev.redcast.server.hub.Hub;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
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
 * loop. Admits or refuses a WebSocket upgrade (origin, credentials, connection limits), agrees on
 * the subprotocol ({@code redcast.v1} at {@code /ws}) and on compression, and, once the handshake
 * is written, swaps the HTTP handlers for the WebSocket ones that speak the path's dialect.
 */
final class WebSocketUpgrade {
    private static final Logger log = LoggerFactory.getLogger(WebSocketUpgrade.class);

    private final TransportConfig config;
    private final Authenticator auth;
    private final Hub hub;
    private final Dialects dialects;
    private final ConnectionLimits limits;
    private final Compression compression;
    private final WebSocketDecoderConfig decoderConfig;
    private final WebSocketDecoderConfig compressedDecoderConfig;

    WebSocketUpgrade(
            TransportConfig config,
            Authenticator auth,
            Hub hub,
            Dialects dialects,
            ConnectionLimits limits) {
        this.config = config;
        this.auth = auth;
        this.hub = hub;
        this.dialects = dialects;
        this.limits = limits;
        this.compression = new Compression(config.maxFrameSize());
        this.decoderConfig = decoderConfig(false);
        this.compressedDecoderConfig = decoderConfig(true);
    }

    /** The frame limits, and the reserved bit permessage-deflate sets when it is agreed. */
    private WebSocketDecoderConfig decoderConfig(boolean extensions) {
        return WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(config.maxFrameSize())
                .allowExtensions(extensions)
                .closeOnProtocolViolation(true)
                .build();
    }

    /** The dialect spoken at {@code path}, or null: not a WebSocket path but {@code /ws}. */
    Dialects.Route dialectAt(String path) {
        return dialects.at(path);
    }

    /**
     * Upgrades {@code req} to redcast's own protocol ({@code route} null, at {@code /ws}) or to
     * {@code route}'s dialect.
     */
    void upgrade(
            ChannelHandlerContext ctx,
            FullHttpRequest req,
            QueryStringDecoder qs,
            Dialects.Route route) {
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
        String token = token(req, qs);
        String user = first(qs, route == null ? "user" : route.dialect().userParameter());
        CompletableFuture<Principal> verified;
        if (token == null && route != null && route.open()) {
            verified = claimed(user, clientId);
        } else {
            verified =
                    auth.authenticateAsync(new Credentials(token, user, clientId))
                            .toCompletableFuture();
        }
        if (verified.isDone()) {
            admit(ctx, req, clientId, verified, route);
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
                                                admit(ctx, req, clientId, verified, route);
                                            } finally {
                                                req.release();
                                            }
                                        });
                    } catch (RejectedExecutionException e) {
                        req.release(); // the event loop is shutting down with the server
                    }
                });
    }

    /** A client of a dialect opened to clients without a token: whoever it claims to be. */
    private static CompletableFuture<Principal> claimed(String user, String clientId) {
        try {
            return CompletableFuture.completedFuture(
                    SharedTokenAuthenticator.claimed(user, clientId));
        } catch (AuthException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Continues an upgrade whose credentials were checked; on the connection's event loop. */
    private void admit(
            ChannelHandlerContext ctx,
            FullHttpRequest req,
            String clientId,
            CompletableFuture<Principal> verified,
            Dialects.Route route) {
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
        WebSocketServerExtension deflate = compression.negotiate(req.headers());
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(
                                wsUrl(ctx, req),
                                route == null ? Subprotocol.V1 : null,
                                deflate == null ? decoderConfig : compressedDecoderConfig)
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
        HttpHeaders extensions = new DefaultHttpHeaders();
        if (deflate != null) {
            extensions.set(
                    HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, Compression.responseHeader(deflate));
        }
        handshaker
                .handshake(ctx.channel(), req, extensions, ctx.newPromise())
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                log.debug("handshake failed: {}", f.cause().toString());
                                ctx.close();
                                return;
                            }
                            Dialect dialect =
                                    route != null
                                            ? route.dialect()
                                            : dialects.redcast(
                                                    Subprotocol.V1.equals(
                                                            handshaker.selectedSubprotocol()));
                            install(ctx.pipeline(), principal, clientId, dialect, deflate);
                        });
    }

    private void install(
            ChannelPipeline p,
            Principal principal,
            String clientId,
            Dialect dialect,
            WebSocketServerExtension deflate) {
        p.remove(HttpRequestHandler.class);
        HttpPhase.end(p);
        // Anything pipelined behind the upgrade request was not a WebSocket frame; drop it. (A
        // pipeline built without it, a test of the upgrade alone, has nothing to drop.)
        if (p.get(ServerInitializer.HTTP_FLOW) != null) {
            p.remove(ServerInitializer.HTTP_FLOW);
        }
        if (deflate != null) {
            // Inflates before the UTF-8 check; deflates what the session writes as frame objects.
            p.addLast("ws-inflate", deflate.newExtensionDecoder());
            p.addLast("ws-deflate", deflate.newExtensionEncoder());
        }
        p.addLast("ws-utf8", new Utf8FrameValidator(true));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(config.maxFrameSize()));
        p.addLast(
                "ws-session",
                new WebSocketSessionHandler(
                        hub, dialect, principal, clientId, deflate != null, config.maxFrameSize()));
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
