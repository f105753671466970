package dev.redcast.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.client.RedcastException;
import dev.redcast.protocol.Subprotocol;
import dev.redcast.wsclient.ClientUpgradeHandler;
import dev.redcast.wsclient.ScriptedServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket client handler behind the shared upgrade handler, against scripted server bytes, in
 * an {@link EmbeddedChannel}.
 */
class WebSocketClientHandlerTest {
    private final ArrayDeque<String> events = new ArrayDeque<>();
    private final ArrayDeque<Throwable> failures = new ArrayDeque<>();
    private EmbeddedChannel channel;
    private NettyLink link;
    private ScriptedServer server;

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
        ClientUpgradeHandler.addTo(
                channel.pipeline(),
                URI.create("ws://localhost:8080/ws?token=s3cret&user=wael"),
                Subprotocol.V1,
                new DefaultHttpHeaders(),
                4096);
        channel.pipeline().addLast(new WebSocketClientHandler(link, 4096));
        channel.register();
        server = new ScriptedServer(channel);
    }

    @AfterEach
    void tearDown() {
        assertThat(events).as("unexpected link events").isEmpty();
        channel.finishAndReleaseAll();
    }

    private void accept(String subprotocol) {
        String request = server.upgradeRequest();
        assertThat(request).startsWith("GET /ws?token=s3cret&user=wael HTTP/1.1");
        assertThat(request).containsIgnoringCase("sec-websocket-protocol: redcast.v1");
        server.send(ScriptedServer.switchingProtocols(request, subprotocol));
    }

    @Test
    void refusedUpgrade_failsWithTheErrorCodeFromTheJsonBody() {
        server.upgradeRequest();
        String body = "{\"error\":\"unauthorized\",\"message\":\"missing or wrong token\"}";
        server.send(
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
        server.upgradeRequest();
        server.send("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
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
    void acceptedUpgrade_opensTheLink_andTextFlowsBothWays_fragmentsJoined() {
        accept(Subprotocol.V1);
        assertThat(events.poll()).isEqualTo("open");
        server.send(new TextWebSocketFrame("{\"type\":\"welcome\"}"));
        assertThat(events.poll()).isEqualTo("text {\"type\":\"welcome\"}");
        server.send(new TextWebSocketFrame(false, 0, "{\"type\":"));
        server.send(new ContinuationWebSocketFrame(true, 0, "\"pong\"}"));
        assertThat(events.poll()).isEqualTo("text {\"type\":\"pong\"}");

        link.send("{\"type\":\"ping\",\"id\":1}");
        WebSocketFrame sent = server.clientFrames().poll();
        assertThat(sent).isInstanceOf(TextWebSocketFrame.class);
        assertThat(((TextWebSocketFrame) sent).text()).isEqualTo("{\"type\":\"ping\",\"id\":1}");
        sent.release();
    }

    @Test
    void otherSubprotocol_failsTheUpgrade() {
        accept("something.else");
        assertThat(events.poll()).isEqualTo("failed");
        assertThat(failures.poll())
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> assertThat(e.code()).isEqualTo(RedcastException.CODE_CONNECT_FAILED));
    }

    @Test
    void serverCloseFrame_isEchoed_andReportedWithItsCode() {
        accept(Subprotocol.V1);
        assertThat(events.poll()).isEqualTo("open");
        server.send(new CloseWebSocketFrame(4500, "token expired"));
        WebSocketFrame echo = server.clientFrames().poll();
        assertThat(echo).isInstanceOf(CloseWebSocketFrame.class);
        assertThat(((CloseWebSocketFrame) echo).statusCode()).isEqualTo(4500);
        echo.release();
        assertThat(channel.isOpen()).isFalse();
        assertThat(events.poll()).isEqualTo("closed 4500 token expired");
    }

    @Test
    void ping_isAnsweredWithPong() {
        accept(Subprotocol.V1);
        assertThat(events.poll()).isEqualTo("open");
        server.send(new PingWebSocketFrame(Unpooled.copiedBuffer("hb", StandardCharsets.UTF_8)));
        WebSocketFrame pong = server.clientFrames().poll();
        assertThat(pong).isInstanceOf(PongWebSocketFrame.class);
        assertThat(pong.content().toString(StandardCharsets.UTF_8)).isEqualTo("hb");
        pong.release();
    }

    @Test
    void connectionDroppedWithoutCloseFrame_isAbnormalClosure() {
        accept(Subprotocol.V1);
        assertThat(events.poll()).isEqualTo("open");
        channel.close();
        assertThat(events.poll()).isEqualTo("closed 1006 connection lost");
        link.send("ignored after close");
        assertThat(channel.outboundMessages()).isEmpty();
    }

    @Test
    void oversizedFrameFromServer_closesWith1009() {
        accept(Subprotocol.V1);
        assertThat(events.poll()).isEqualTo("open");
        server.send(new TextWebSocketFrame("x".repeat(5000)));
        assertThat(events.poll()).startsWith("closed 1009");
    }
}
