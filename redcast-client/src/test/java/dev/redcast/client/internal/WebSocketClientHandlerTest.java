package dev.redcast.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.client.RedcastException;
import dev.redcast.protocol.Subprotocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The WebSocket client handler against scripted server bytes, in an {@link EmbeddedChannel}. */
class WebSocketClientHandlerTest {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ArrayDeque<String> events = new ArrayDeque<>();
    private final ArrayDeque<Throwable> failures = new ArrayDeque<>();
    private EmbeddedChannel channel;
    private NettyLink link;

    @BeforeEach
    void setUp() throws Exception {
        link =
                new NettyLink(
                        new Link.Events() {
                            @Override
                            public void onOpen(Link l) {
                                events.add("open");
                            }

                            @Override
                            public void onText(Link l, String text) {
                                events.add("text " + text);
                            }

                            @Override
                            public void onClosed(Link l, int code, String reason) {
                                events.add("closed " + code + " " + reason);
                            }

                            @Override
                            public void onFailed(Link l, Throwable cause) {
                                events.add("failed");
                                failures.add(cause);
                            }
                        });
        channel = new EmbeddedChannel(false, false);
        link.attach(channel);
        channel.pipeline()
                .addLast(new HttpClientCodec())
                .addLast(new HttpObjectAggregator(65536))
                .addLast(
                        new WebSocketClientHandler(
                                WebSocketClientHandshakerFactory.newHandshaker(
                                        URI.create("ws://localhost:8080/ws?token=s3cret&user=wael"),
                                        WebSocketVersion.V13,
                                        Subprotocol.V1,
                                        false,
                                        new DefaultHttpHeaders(),
                                        4096),
                                link,
                                4096));
        channel.register();
    }

    @AfterEach
    void tearDown() {
        assertThat(events).as("unexpected link events").isEmpty();
        channel.finishAndReleaseAll();
    }

    private String upgradeRequest() {
        StringBuilder sb = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            sb.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return sb.toString();
    }

    private void serverBytes(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private void serverFrame(WebSocketFrame frame) {
        EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
        encoder.writeOutbound(frame);
        java.util.List<ByteBuf> parts = new java.util.ArrayList<>();
        ByteBuf buf;
        while ((buf = encoder.readOutbound()) != null) {
            parts.add(buf);
        }
        encoder.finishAndReleaseAll();
        // One write, as one TCP read would bring it.
        channel.writeInbound(Unpooled.wrappedBuffer(parts.toArray(ByteBuf[]::new)));
    }

    /** Decodes the (masked) frames the client wrote. */
    private ArrayDeque<WebSocketFrame> clientFrames() {
        EmbeddedChannel decoder =
                new EmbeddedChannel(new WebSocket08FrameDecoder(true, false, 65536));
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            decoder.writeInbound(buf);
        }
        ArrayDeque<WebSocketFrame> frames = new ArrayDeque<>();
        WebSocketFrame f;
        while ((f = decoder.readInbound()) != null) {
            frames.add(f);
        }
        decoder.finishAndReleaseAll();
        return frames;
    }

    private void accept(String subprotocol) throws Exception {
        String request = upgradeRequest();
        assertThat(request).startsWith("GET /ws?token=s3cret&user=wael HTTP/1.1");
        assertThat(request).containsIgnoringCase("sec-websocket-protocol: redcast.v1");
        Matcher m = Pattern.compile("(?i)sec-websocket-key: (\\S+)").matcher(request);
        assertThat(m.find()).isTrue();
        byte[] sha1 =
                MessageDigest.getInstance("SHA-1")
                        .digest((m.group(1) + GUID).getBytes(StandardCharsets.US_ASCII));
        serverBytes(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: "
                        + Base64.getEncoder().encodeToString(sha1)
                        + "\r\nSec-WebSocket-Protocol: "
                        + subprotocol
                        + "\r\n\r\n");
    }

    @Test
    void refusedUpgrade_failsWithTheErrorCodeFromTheJsonBody() {
        upgradeRequest();
        String body = "{\"error\":\"unauthorized\",\"message\":\"missing or wrong token\"}";
        serverBytes(
                "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length()
                        + "\r\n\r\n"
                        + body);
        assertThat(events.poll()).isEqualTo("failed");
        assertThat(failures.poll())
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo("unauthorized");
                            assertThat(e.httpStatus()).isEqualTo(401);
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "server refused the WebSocket upgrade (HTTP 401): missing or wrong token");
                        });
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void refusedUpgradeWithoutJson_usesTheStatus() {
        upgradeRequest();
        serverBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        assertThat(events.poll()).isEqualTo("failed");
        assertThat(failures.poll())
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo("http_404");
                            assertThat(e.getMessage()).endsWith("Not Found");
                        });
    }

    @Test
    void acceptedUpgrade_opensTheLink_andTextFlowsBothWays_fragmentsJoined() throws Exception {
        accept(Subprotocol.V1);
        assertThat(events.poll()).isEqualTo("open");
        serverFrame(new TextWebSocketFrame("{\"type\":\"welcome\"}"));
        assertThat(events.poll()).isEqualTo("text {\"type\":\"welcome\"}");
        serverFrame(new TextWebSocketFrame(false, 0, "{\"type\":"));
        serverFrame(new ContinuationWebSocketFrame(true, 0, "\"pong\"}"));
        assertThat(events.poll()).isEqualTo("text {\"type\":\"pong\"}");

        link.send("{\"type\":\"ping\",\"id\":1}");
        WebSocketFrame sent = clientFrames().poll();
        assertThat(sent).isInstanceOf(TextWebSocketFrame.class);
        assertThat(((TextWebSocketFrame) sent).text()).isEqualTo("{\"type\":\"ping\",\"id\":1}");
        sent.release();
    }

    @Test
    void otherSubprotocol_failsTheUpgrade() throws Exception {
        accept("something.else");
        assertThat(events.poll()).isEqualTo("failed");
        assertThat(failures.poll())
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> assertThat(e.code()).isEqualTo(RedcastException.CODE_CONNECT_FAILED));
    }

    @Test
    void serverCloseFrame_isEchoed_andReportedWithItsCode() throws Exception {
        accept(Subprotocol.V1);
        assertThat(events.poll()).isEqualTo("open");
        serverFrame(new CloseWebSocketFrame(4500, "token expired"));
        WebSocketFrame echo = clientFrames().poll();
        assertThat(echo).isInstanceOf(CloseWebSocketFrame.class);
        assertThat(((CloseWebSocketFrame) echo).statusCode()).isEqualTo(4500);
        echo.release();
        assertThat(channel.isOpen()).isFalse();
        assertThat(events.poll()).isEqualTo("closed 4500 token expired");
    }

    @Test
    void ping_isAnsweredWithPong() throws Exception {
        accept(Subprotocol.V1);
        assertThat(events.poll()).isEqualTo("open");
        serverFrame(new PingWebSocketFrame(Unpooled.copiedBuffer("hb", StandardCharsets.UTF_8)));
        WebSocketFrame pong = clientFrames().poll();
        assertThat(pong).isInstanceOf(PongWebSocketFrame.class);
        assertThat(pong.content().toString(StandardCharsets.UTF_8)).isEqualTo("hb");
        pong.release();
    }

    @Test
    void connectionDroppedWithoutCloseFrame_isAbnormalClosure() throws Exception {
        accept(Subprotocol.V1);
        assertThat(events.poll()).isEqualTo("open");
        channel.close();
        assertThat(events.poll()).isEqualTo("closed 1006 connection lost");
        link.send("ignored after close");
        assertThat(channel.outboundMessages()).isEmpty();
    }

    @Test
    void oversizedFrameFromServer_closesWith1009() throws Exception {
        accept(Subprotocol.V1);
        assertThat(events.poll()).isEqualTo("open");
        serverFrame(new TextWebSocketFrame("x".repeat(5000)));
        assertThat(events.poll()).startsWith("closed 1009");
    }
}
