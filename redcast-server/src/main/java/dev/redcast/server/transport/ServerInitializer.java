package dev.redcast.server.transport;

import dev.redcast.server.api.Router;
import dev.redcast.server.auth.Authenticator;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.hub.Commands;
import dev.redcast.server.hub.Hub;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;

/**
 * Thread-safe (immutable). The pipeline of every accepted connection. Before the upgrade:
 *
 * <pre>
 *   http-codec -> http-aggregator -> http-flow -> http-handler (routes /ws to the upgrade, the
 *                                                  rest to the API; one request at a time)
 * </pre>
 *
 * After the upgrade the handshaker puts the WebSocket codec in place of the HTTP one:
 *
 * <pre>
 *   ws-decoder -> ws-encoder -> ws-utf8 -> ws-aggregator -> ws-session
 * </pre>
 */
public final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    /** HTTP request bodies (API calls) are bounded by the frame limit plus room for JSON. */
    private static final int BODY_OVERHEAD = 16 * 1024;

    /** Holds pipelined requests while one is answered (see {@link HttpRequestHandler}). */
    static final String HTTP_FLOW = "http-flow";

    private final ServerConfig config;
    private final HttpRequestHandlerFactory handlers;

    public ServerInitializer(
            ServerConfig config, Router router, Authenticator auth, Hub hub, Commands commands) {
        this.config = config;
        WebSocketUpgrade upgrade = new WebSocketUpgrade(config, auth, hub, commands);
        this.handlers = () -> new HttpRequestHandler(router, upgrade);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("http-codec", new HttpServerCodec());
        p.addLast(
                "http-aggregator", new HttpObjectAggregator(config.maxFrameSize() + BODY_OVERHEAD));
        p.addLast(HTTP_FLOW, new FlowControlHandler());
        p.addLast("http-handler", handlers.create());
    }

    @FunctionalInterface
    private interface HttpRequestHandlerFactory {
        HttpRequestHandler create();
    }
}
