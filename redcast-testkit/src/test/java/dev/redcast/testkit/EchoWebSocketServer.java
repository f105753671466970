package dev.redcast.testkit;

import dev.redcast.protocol.Subprotocol;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Thread-safe. A tiny WebSocket server for testing {@link WsTestClient}: on {@code /ws} it greets
 * with {@code {"type":"welcome","subprotocol":...}}, echoes text, and obeys a few commands: {@code
 * close:CODE:REASON} sends a close frame, {@code drop} closes TCP without one, {@code ping} sends a
 * ping, and a pong it receives is reported as {@code {"type":"pong-seen"}}. A request with {@code
 * token=bad} in its query gets HTTP 401 with a JSON body.
 */
final class EchoWebSocketServer implements AutoCloseable {

    private final EventLoopGroup group =
            new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    EchoWebSocketServer() {
        server =
                new ServerBootstrap()
                        .group(group)
                        .channel(NioServerSocketChannel.class)
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ch.pipeline()
                                                .addLast(new HttpServerCodec())
                                                .addLast(new HttpObjectAggregator(65_536))
                                                .addLast(new Auth())
                                                .addLast(
                                                        new WebSocketServerProtocolHandler(
                                                                WebSocketServerProtocolConfig
                                                                        .newBuilder()
                                                                        .websocketPath("/ws")
                                                                        .checkStartsWith(true)
                                                                        .subprotocols(
                                                                                Subprotocol.V1)
                                                                        .dropPongFrames(false)
                                                                        // "drop" must end TCP
                                                                        // without a close frame.
                                                                        .sendCloseFrame(null)
                                                                        .build()))
                                                .addLast(new Echo());
                                    }
                                })
                        .bind(new InetSocketAddress("127.0.0.1", FreePorts.next()))
                        .syncUninterruptibly()
                        .channel();
    }

    URI uri(String pathAndQuery) {
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        return URI.create("ws://127.0.0.1:" + port + pathAndQuery);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Auth extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest request && request.uri().contains("token=bad")) {
                ReferenceCountUtil.release(msg);
                byte[] body =
                        "{\"error\":\"unauthorized\",\"message\":\"bad token\"}"
                                .getBytes(StandardCharsets.UTF_8);
                FullHttpResponse response =
                        new DefaultFullHttpResponse(
                                HttpVersion.HTTP_1_1,
                                HttpResponseStatus.UNAUTHORIZED,
                                Unpooled.wrappedBuffer(body));
                response.headers()
                        .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }

    private static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete done) {
                String sub = done.selectedSubprotocol();
                // Sent at once, so it can share a TCP segment with the 101 response.
                ctx.writeAndFlush(
                        new TextWebSocketFrame(
                                "{\"type\":\"welcome\",\"subprotocol\":"
                                        + (sub == null ? "null" : "\"" + sub + "\"")
                                        + "}"));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof PongWebSocketFrame) {
                ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"pong-seen\"}"));
                return;
            }
            if (!(frame instanceof TextWebSocketFrame textFrame)) {
                return;
            }
            String text = textFrame.text();
            if (text.startsWith("close:")) {
                String[] parts = text.split(":", 3);
                ctx.writeAndFlush(new CloseWebSocketFrame(Integer.parseInt(parts[1]), parts[2]))
                        .addListener(ChannelFutureListener.CLOSE);
            } else if (text.equals("drop")) {
                ctx.close();
            } else if (text.equals("ping")) {
                ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1})));
            } else {
                ctx.writeAndFlush(new TextWebSocketFrame(text));
            }
        }
    }
}
