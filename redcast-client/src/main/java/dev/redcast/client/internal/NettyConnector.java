package dev.redcast.client.internal;

import dev.redcast.client.ClientConfig;
import dev.redcast.client.RedcastException;
import dev.redcast.protocol.Subprotocol;
import dev.redcast.wsclient.ClientUpgradeHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * Thread-safe. Opens WebSocket links to the configured server, every channel on the client's one
 * event loop so that channel events and the client core share a thread.
 *
 * <p>Pipeline: [TLS] → the {@link ClientUpgradeHandler}'s HTTP codec, aggregator (for the upgrade
 * response and its error body) and upgrade handler → {@link WebSocketClientHandler}. After the
 * upgrade Netty swaps the HTTP handlers for WebSocket frame codecs and a frame aggregator takes the
 * upgrade handler's place.
 */
public final class NettyConnector implements Link.Connector {
    private final ClientConfig config;
    private final EventLoop loop;
    private final SslContext ssl;

    /**
     * @param ssl from {@link #ssl}
     */
    public NettyConnector(ClientConfig config, EventLoop loop, SslContext ssl) {
        this.config = config;
        this.loop = loop;
        this.ssl = ssl;
    }

    /**
     * The TLS context for {@code config}'s {@code wss://} url, or null for {@code ws://}. Built
     * before the client starts any thread, so that a bad {@code trustedCertificates} fails {@code
     * build()} without leaving one behind.
     *
     * @throws IllegalArgumentException naming {@code trustedCertificates} when the file is unusable
     */
    public static SslContext ssl(ClientConfig config) {
        if (!config.secure()) {
            return null;
        }
        SslContextBuilder builder = SslContextBuilder.forClient();
        Path trusted = config.trustedCertificates();
        if (trusted != null) {
            try {
                builder.trustManager(trusted.toFile());
            } catch (IllegalArgumentException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IllegalArgumentException(
                        "trustedCertificates "
                                + trusted
                                + ": no usable PEM certificates ("
                                + cause.getMessage()
                                + ")",
                        e);
            }
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new RedcastException(
                    RedcastException.CODE_CONNECT_FAILED,
                    "cannot set up TLS: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public Link open(String token, Link.Events events) {
        NettyLink link = new NettyLink(events);
        URI uri = config.connectUri(token);
        String host = uri.getHost();
        int port = config.port();
        Bootstrap bootstrap =
                new Bootstrap()
                        .group(loop)
                        .channel(NioSocketChannel.class)
                        .option(
                                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                                (int)
                                        Math.min(
                                                Integer.MAX_VALUE,
                                                config.connectTimeout().toMillis()))
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ChannelPipeline p = ch.pipeline();
                                        if (ssl != null) {
                                            p.addLast(
                                                    "tls", ssl.newHandler(ch.alloc(), host, port));
                                        }
                                        ClientUpgradeHandler.addTo(
                                                p,
                                                uri,
                                                Subprotocol.V1,
                                                new DefaultHttpHeaders(),
                                                config.maxFrameSize());
                                        p.addLast(
                                                "ws-client",
                                                new WebSocketClientHandler(
                                                        link, config.maxFrameSize()));
                                    }
                                });
        ChannelFuture connect = bootstrap.connect(host, port);
        link.attach(connect.channel());
        connect.addListener(
                f -> {
                    if (!f.isSuccess()) {
                        link.failed(f.cause());
                    }
                });
        return link;
    }
}
