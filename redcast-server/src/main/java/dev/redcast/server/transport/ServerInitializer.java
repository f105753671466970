package dev.redcast.server.transport;

import dev.redcast.server.api.Router;
import dev.redcast.server.auth.Authenticator;
import dev.redcast.server.config.ConnectionsConfig;
import dev.redcast.server.config.TransportConfig;
import dev.redcast.server.dialect.Dialects;
import dev.redcast.server.hub.Hub;
import dev.redcast.server.metrics.ServerMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;

/**
 * Thread-safe (immutable; the limits it shares are thread-safe). The pipeline of every accepted
 * connection. A connection beyond the cap on connections that have not upgraded is closed at once.
 * With TLS on, every connection starts with
 *
 * <pre>
 *   tls -> tls-failures (the SslHandler from the current TlsContext; failed handshakes counted)
 * </pre>
 *
 * and goes on, as every connection does without TLS, with the HTTP phase:
 *
 * <pre>
 *   http-first-byte -> http-codec -> http-aggregator -> http-deadlines -> http-flow ->
 *   http-handler (the two taps of HttpPhase time the request and the idle wait; http-flow holds
 *   pipelined requests while one is answered; the handler routes /ws and the dialects' upgrades
 *   to the upgrade, the rest to the API)
 * </pre>
 *
 * After the upgrade the handshaker puts the WebSocket codec in place of the HTTP one and the
 * upgrade removes the HTTP phase's taps:
 *
 * <pre>
 *   ws-decoder -> ws-encoder -> [ws-inflate -> ws-deflate] -> ws-utf8 -> ws-aggregator ->
 *   ws-session (the compressor pair only when permessage-deflate was agreed)
 * </pre>
 */
public final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    /** HTTP request bodies (API calls) are bounded by the frame limit plus room for JSON. */
    private static final int BODY_OVERHEAD = 16 * 1024;

    /** Holds pipelined requests while one is answered (see {@link HttpRequestHandler}). */
    static final String HTTP_FLOW = "http-flow";

    private final TransportConfig config;
    private final ConnectionsConfig connections;
    private final ServerMetrics metrics;
    private final ConnectionLimits limits;
    private final HttpRequestHandlerFactory handlers;

    /** Null without TLS. */
    private final TlsContext tls;

    private final TlsFailures tlsFailures;

    /**
     * @param tls the TLS context the port serves with, or null for plain HTTP and WebSocket
     */
    public ServerInitializer(
            TransportConfig config,
            ConnectionsConfig connections,
            TlsContext tls,
            Router router,
            Authenticator auth,
            Hub hub,
            Dialects dialects,
            ServerMetrics metrics) {
        this.config = config;
        this.connections = connections;
        this.metrics = metrics;
        this.tls = tls;
        this.tlsFailures = new TlsFailures(metrics);
        this.limits = new ConnectionLimits(connections, metrics);
        metrics.httpConnections(limits::httpConnections);
        WebSocketUpgrade upgrade = new WebSocketUpgrade(config, auth, hub, dialects, limits);
        this.handlers = () -> new HttpRequestHandler(router, upgrade);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (!limits.acquireHttp()) {
            ch.close();
            return;
        }
        HttpPhase phase = new HttpPhase(connections, limits, metrics);
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            // The request deadline of the HTTP phase runs from accept too, so it bounds the
            // handshake as well; the handshake's own timeout (the same length, started first)
            // fires first and names the failure.
            p.addLast("tls", tls.newHandler(ch.alloc()));
            p.addLast("tls-failures", tlsFailures);
        }
        p.addLast(HttpPhase.BYTES, phase.bytes());
        p.addLast("http-codec", new HttpServerCodec());
        p.addLast(
                "http-aggregator", new HttpObjectAggregator(config.maxFrameSize() + BODY_OVERHEAD));
        p.addLast(HttpPhase.MESSAGES, phase.messages());
        p.addLast(HTTP_FLOW, new FlowControlHandler());
        p.addLast("http-handler", handlers.create());
    }

    @FunctionalInterface
    private interface HttpRequestHandlerFactory {
        HttpRequestHandler create();
    }
}
