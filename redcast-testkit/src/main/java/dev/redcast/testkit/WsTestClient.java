package dev.redcast.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.protocol.Subprotocol;
import dev.redcast.wsclient.ClientUpgradeHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Thread-safe: tests call it from any thread; the Netty handler runs on the channel's event loop
 * and hands frames over through a locked inbox. A recording raw WebSocket client for integration
 * tests, in the spirit of OkHttp's {@code WebSocketRecorder}.
 *
 * <p>Every text frame the server sends is parsed into a {@link JsonNode} and queued (non-JSON text
 * as a {@code TextNode}, binary frames as a {@code BinaryNode}); pings and pongs are only counted.
 * Tests take frames with {@link #next()} or {@link #expect(String)} and finish with {@link
 * #assertExhausted()}. Failed expectations throw {@link AssertionError} that shows what was queued
 * and whether the connection closed.
 *
 * <p>Every {@code send*} method blocks until the frame is flushed to the socket (at most 10 s, else
 * {@link AssertionError}) and throws {@link IllegalStateException} once the connection is closed.
 * All clients share one daemon NIO event loop group.
 */
public final class WsTestClient implements AutoCloseable {

    /** How long {@link #next()} waits: 5 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** Largest frame accepted from the server unless the builder says otherwise: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_PAYLOAD = 16 * 1024 * 1024;

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    /** How the server ended the connection; 1006 when TCP dropped without a close frame. */
    public record CloseStatus(int code, String reason) {
        public CloseStatus {
            reason = reason == null ? "" : reason;
        }
    }

    /** The server answered the upgrade request with something other than a valid 101. */
    public static final class HandshakeFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String body;

        public HandshakeFailed(int status, String body, String detail) {
            super("WebSocket upgrade refused: HTTP " + status + " (" + detail + "), body: " + body);
            this.status = status;
            this.body = body;
        }

        /** The HTTP status code of the response, e.g. 401. */
        public int status() {
            return status;
        }

        /** The response body as UTF-8 text, "" when there was none. */
        public String body() {
            return body;
        }
    }

    private static final class SharedLoop {
        static final EventLoopGroup GROUP =
                new MultiThreadIoEventLoopGroup(
                        2,
                        new DefaultThreadFactory("ws-test-client", true),
                        NioIoHandler.newFactory());
    }

    private final Channel channel;
    private final RecordingHandler handler;
    private final FrameInbox inbox;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WsTestClient(Channel channel, RecordingHandler handler, FrameInbox inbox) {
        this.channel = channel;
        this.handler = handler;
        this.inbox = inbox;
    }

    /** Starts configuring a client for a {@code ws://host:port/path?query} URI. */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** Connects to {@code uri} with every default. */
    public static WsTestClient connect(URI uri) {
        return builder(uri).connect();
    }

    /** Configures and opens one client. Not thread-safe; use from one thread. */
    public static final class Builder {
        private final URI uri;
        private final HttpHeaders headers = new DefaultHttpHeaders();
        private String subprotocol = Subprotocol.V1;
        private boolean autoPong = true;
        private int maxFramePayload = DEFAULT_MAX_FRAME_PAYLOAD;
        private Duration connectTimeout = DEFAULT_TIMEOUT;
        private InetSocketAddress localAddress;
        private int receiveBufferSize;

        private Builder(URI uri) {
            if (uri == null || !"ws".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "WebSocket URI must look like ws://host:port/path, got " + uri);
            }
            this.uri = uri;
        }

        /** Adds a header to the upgrade request, e.g. {@code Authorization}. */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** The subprotocol to ask for; {@code null} asks for none. Default {@code redcast.v1}. */
        public Builder subprotocol(String subprotocol) {
            this.subprotocol = subprotocol;
            return this;
        }

        /** {@code false}: ignore server pings (only count them), to act as a dead peer. */
        public Builder autoPong(boolean autoPong) {
            this.autoPong = autoPong;
            return this;
        }

        /** Largest frame (and reassembled message) accepted from the server. Default 16 MiB. */
        public Builder maxFramePayload(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxFramePayload must be > 0, got " + bytes);
            }
            this.maxFramePayload = bytes;
            return this;
        }

        /** Bound on TCP connect plus handshake. Default 5 s. */
        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be > 0, got " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /** Binds the client socket to this source address before connecting. */
        public Builder localAddress(InetSocketAddress localAddress) {
            this.localAddress = localAddress;
            return this;
        }

        /**
         * SO_RCVBUF in bytes (0 = OS default). A small one lets a slow-consumer test fill the
         * server's send path quickly after {@link WsTestClient#pauseReading()}.
         */
        public Builder receiveBufferSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("receiveBufferSize must be >= 0, got " + bytes);
            }
            this.receiveBufferSize = bytes;
            return this;
        }

        /**
         * Connects and completes the WebSocket handshake.
         *
         * @throws HandshakeFailed when the server answers with anything but a valid 101 (a wrong or
         *     missing subprotocol when one was asked for is status 101 here)
         * @throws UncheckedIOException when the TCP connection fails or the bound passes
         */
        public WsTestClient connect() {
            FrameInbox inbox = new FrameInbox();
            RecordingHandler handler = new RecordingHandler(inbox, autoPong);
            Bootstrap bootstrap =
                    new Bootstrap()
                            .group(SharedLoop.GROUP)
                            .channel(NioSocketChannel.class)
                            .option(ChannelOption.TCP_NODELAY, true)
                            .option(
                                    ChannelOption.CONNECT_TIMEOUT_MILLIS,
                                    (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                            .handler(
                                    new ChannelInitializer<SocketChannel>() {
                                        @Override
                                        protected void initChannel(SocketChannel ch) {
                                            ClientUpgradeHandler.addTo(
                                                    ch.pipeline(),
                                                    uri,
                                                    subprotocol,
                                                    headers,
                                                    maxFramePayload);
                                            ch.pipeline().addLast("recorder", handler);
                                        }
                                    });
            if (receiveBufferSize > 0) {
                bootstrap.option(ChannelOption.SO_RCVBUF, receiveBufferSize);
            }
            int port = uri.getPort() == -1 ? 80 : uri.getPort();
            InetSocketAddress remote = new InetSocketAddress(uri.getHost(), port);
            ChannelFuture connecting =
                    localAddress == null
                            ? bootstrap.connect(remote)
                            : bootstrap.connect(remote, localAddress);
            try {
                handler.handshakeDone.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                connecting.channel().close();
                throw new UncheckedIOException(
                        new IOException(
                                "no WebSocket handshake with "
                                        + uri
                                        + " within "
                                        + connectTimeout));
            } catch (ExecutionException e) {
                connecting.channel().close();
                throw handshakeFailure(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                connecting.channel().close();
                throw new IllegalStateException("interrupted while connecting to " + uri, e);
            }
            if (!connecting.isSuccess()) {
                throw handshakeFailure(connecting.cause());
            }
            return new WsTestClient(connecting.channel(), handler, inbox);
        }

        private RuntimeException handshakeFailure(Throwable cause) {
            if (cause instanceof HandshakeFailed failed) {
                return failed;
            }
            if (cause instanceof IOException io) {
                return new UncheckedIOException("cannot connect to " + uri + ": " + io, io);
            }
            return new UncheckedIOException(
                    new IOException("cannot connect to " + uri + ": " + cause, cause));
        }
    }

    // ---- sending ----

    public void sendText(String text) {
        send(new TextWebSocketFrame(text));
    }

    /** Sends {@code {"k1":v1,"k2":v2,...}} built from alternating keys and values (Jackson). */
    public void sendJson(Object... keyValuePairs) {
        if (keyValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "sendJson needs key/value pairs, got " + keyValuePairs.length + " arguments");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValuePairs.length; i += 2) {
            map.put(String.valueOf(keyValuePairs[i]), keyValuePairs[i + 1]);
        }
        sendJson(map);
    }

    public void sendJson(Map<String, ?> object) {
        try {
            sendText(RecordingHandler.MAPPER.writeValueAsString(object));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + object + ": " + e, e);
        }
    }

    public void sendBinary(byte[] data) {
        send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)));
    }

    /** Sends a text frame carrying these bytes unchecked, e.g. invalid UTF-8. */
    public void sendRawText(byte[] payload) {
        send(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    }

    /** Sends any frame as is; the client takes ownership of (and releases) it. */
    public void sendFrame(WebSocketFrame frame) {
        send(frame);
    }

    public void sendPing() {
        send(
                new PingWebSocketFrame(
                        Unpooled.wrappedBuffer(
                                "ws-test-client".getBytes(StandardCharsets.US_ASCII))));
    }

    private void send(WebSocketFrame frame) {
        if (!channel.isActive()) {
            ReferenceCountUtil.release(frame);
            throw new IllegalStateException("cannot send, connection closed: " + inbox.describe());
        }
        if (frame instanceof CloseWebSocketFrame) {
            handler.closeSent = true;
        }
        ChannelFuture write = channel.writeAndFlush(frame);
        if (!write.awaitUninterruptibly(WRITE_TIMEOUT.toMillis())) {
            throw new AssertionError(
                    "frame not flushed within " + WRITE_TIMEOUT + " (is the server reading?)");
        }
        if (!write.isSuccess()) {
            throw new IllegalStateException(
                    "send failed: " + write.cause() + "; " + inbox.describe(), write.cause());
        }
    }

    // ---- receiving ----

    /** The next frame, waiting up to {@link #DEFAULT_TIMEOUT}. */
    public JsonNode next() {
        return next(DEFAULT_TIMEOUT);
    }

    /** The next frame, waiting up to {@code timeout}; AssertionError when none comes. */
    public JsonNode next(Duration timeout) {
        return inbox.poll(timeout)
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no frame within " + timeout + "; " + inbox.describe()));
    }

    /** The next {@code n} frames, all within {@code timeout}. */
    public List<JsonNode> next(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> got = new ArrayList<>(n);
        while (got.size() < n) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Optional<JsonNode> frame = inbox.poll(left);
            if (frame.isEmpty()) {
                throw new AssertionError(
                        "got "
                                + got.size()
                                + " of "
                                + n
                                + " frames within "
                                + timeout
                                + ": "
                                + FrameInbox.preview(got)
                                + "; "
                                + inbox.describe());
            }
            got.add(frame.get());
        }
        return got;
    }

    /** The next frame, which must have {@code "type": type}; AssertionError shows it otherwise. */
    public JsonNode expect(String type) {
        JsonNode frame = next();
        JsonNode actual = frame.get("type");
        if (actual == null || !actual.isTextual() || !actual.asText().equals(type)) {
            throw new AssertionError(
                    "expected a frame of type '"
                            + type
                            + "' but got "
                            + frame
                            + "; "
                            + inbox.describe());
        }
        return frame;
    }

    /** The next frame if one arrives within {@code timeout}. */
    public Optional<JsonNode> poll(Duration timeout) {
        return inbox.poll(timeout);
    }

    /** Frames received and not yet taken. */
    public int queued() {
        return inbox.size();
    }

    public int pingsReceived() {
        return handler.pings.get();
    }

    public int pongsReceived() {
        return handler.pongs.get();
    }

    /** Fails listing every frame not taken by the test (pings and pongs do not count). */
    public void assertExhausted() {
        List<JsonNode> left = inbox.snapshot();
        if (!left.isEmpty()) {
            throw new AssertionError(
                    left.size() + " unconsumed frame(s): " + FrameInbox.preview(left));
        }
        Throwable failure = inbox.failure();
        if (failure instanceof IllegalStateException overflow
                && overflow.getMessage().startsWith("inbox overflow")) {
            throw new AssertionError(overflow.getMessage(), overflow);
        }
    }

    // ---- flow control ----

    /** Stops reading from the socket, so the server's writes back up into TCP buffers. */
    public void pauseReading() {
        channel.config().setAutoRead(false);
    }

    public void resumeReading() {
        channel.config().setAutoRead(true);
    }

    // ---- closing ----

    /** Waits until the connection ends and returns the server's close code and reason. */
    public CloseStatus awaitClose(Duration timeout) {
        CloseStatus status = inbox.awaitClose(timeout);
        if (status == null) {
            throw new AssertionError(
                    "connection still open after " + timeout + "; " + inbox.describe());
        }
        return status;
    }

    /** Open: TCP connected and no close frame received. */
    public boolean isOpen() {
        return channel.isActive() && inbox.closeStatus() == null;
    }

    /** The subprotocol the server agreed to, {@code null} if none. */
    public String subprotocol() {
        return handler.subprotocol;
    }

    /** The client's socket address, e.g. to find this connection in server state. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Sends close 1000 if still open, then closes the channel. Safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (isOpen() && !handler.closeSent) {
            handler.closeSent = true;
            channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).awaitUninterruptibly(1_000);
        }
        channel.close().awaitUninterruptibly(WRITE_TIMEOUT.toMillis());
    }

    @Override
    public String toString() {
        return "WsTestClient[" + channel + ", " + inbox.describe() + "]";
    }
}
