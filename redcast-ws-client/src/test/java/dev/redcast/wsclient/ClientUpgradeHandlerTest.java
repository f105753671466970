package dev.redcast.wsclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Confined to the test thread. The upgrade handler against scripted server bytes in an {@link
 * EmbeddedChannel}, with a handler behind it that records what it hears.
 */
class ClientUpgradeHandlerTest {
    private static final int MAX_FRAME = 1024;

    /** Everything the handler behind the upgrade handler heard, in order. */
    private final ArrayDeque<Object> heard = new ArrayDeque<>();

    private EmbeddedChannel channel;
    private ScriptedServer server;

    @BeforeEach
    void setUp() throws Exception {
        channel = new EmbeddedChannel(false, false);
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.add("Authorization", "Bearer s3cret");
        ClientUpgradeHandler.addTo(
                channel.pipeline(),
                URI.create("ws://localhost:8080/ws?user=wael"),
                "redcast.v1",
                headers,
                MAX_FRAME);
        channel.pipeline()
                .addLast(
                        "recorder",
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof TextWebSocketFrame text) {
                                    heard.add("text " + text.text());
                                } else {
                                    heard.add(msg.getClass().getSimpleName());
                                }
                                ReferenceCountUtil.release(msg);
                            }

                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                heard.add(evt);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
                                heard.add(t);
                            }
                        });
        channel.register();
        server = new ScriptedServer(channel);
    }

    @AfterEach
    void tearDown() {
        assertThat(heard).as("unexpected events behind the upgrade handler").isEmpty();
        channel.finishAndReleaseAll();
    }

    @Test
    void activeChannel_sendsTheUpgradeRequest_withSubprotocolAndHeaders() {
        String request = server.upgradeRequest();
        assertThat(request).startsWith("GET /ws?user=wael HTTP/1.1\r\n");
        assertThat(request)
                .containsIgnoringCase("upgrade: websocket")
                .containsIgnoringCase("sec-websocket-protocol: redcast.v1")
                .containsIgnoringCase("authorization: Bearer s3cret");
    }

    @Test
    void acceptedUpgrade_isAnnounced_beforeFramesSentRightBehindThe101_whichArriveWhole() {
        String request = server.upgradeRequest();
        ByteBuf frames =
                ScriptedServer.encoded(
                        new TextWebSocketFrame(false, 0, "{\"type\":"),
                        new ContinuationWebSocketFrame(true, 0, "\"welcome\"}"));
        // The 101 and the first frames in one TCP read.
        ByteBuf switching =
                Unpooled.copiedBuffer(
                        ScriptedServer.switchingProtocols(request, "redcast.v1"),
                        StandardCharsets.US_ASCII);
        channel.writeInbound(Unpooled.wrappedBuffer(switching, frames));

        assertThat(heard.poll()).isEqualTo(new ClientUpgradeHandler.Upgraded("redcast.v1"));
        assertThat(heard.poll()).isEqualTo("text {\"type\":\"welcome\"}");
        assertThat(channel.pipeline().get("ws-upgrade")).isNull();
        assertThat(channel.pipeline().get("http-aggregator")).isNull();
        assertThat(channel.pipeline().get("ws-aggregator"))
                .isInstanceOf(WebSocketFrameAggregator.class);
    }

    @Test
    void frameLargerThanTheLimit_afterTheUpgrade_isAProtocolViolation() {
        server.send(ScriptedServer.switchingProtocols(server.upgradeRequest(), "redcast.v1"));
        assertThat(heard.poll()).isInstanceOf(ClientUpgradeHandler.Upgraded.class);
        server.send(new TextWebSocketFrame("x".repeat(MAX_FRAME + 1)));
        assertThat(heard.poll())
                .isInstanceOfSatisfying(
                        CorruptedWebSocketFrameException.class,
                        e -> assertThat(e.closeStatus().code()).isEqualTo(1009));
    }

    @Test
    void refusedUpgrade_failsWithStatusReasonAndBody_andLeavesTheChannelToTheNextHandler() {
        server.upgradeRequest();
        String body = "{\"error\":\"unauthorized\",\"message\":\"missing or wrong token\"}";
        server.send(
                "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                        + "Content-Length: "
                        + body.length()
                        + "\r\n\r\n"
                        + body);
        assertThat(heard.poll())
                .isInstanceOfSatisfying(
                        UpgradeFailedException.class,
                        e -> {
                            assertThat(e.refused()).isTrue();
                            assertThat(e.status()).isEqualTo(401);
                            assertThat(e.reasonPhrase()).isEqualTo("Unauthorized");
                            assertThat(e.body()).isEqualTo(body);
                            assertThat(e.getMessage()).contains("401");
                        });
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.pipeline().get("ws-upgrade")).isNotNull();
    }

    @Test
    void switchingToAnotherSubprotocol_failsTheUpgrade_withStatus101() {
        server.send(ScriptedServer.switchingProtocols(server.upgradeRequest(), "something.else"));
        assertThat(heard.poll())
                .isInstanceOfSatisfying(
                        UpgradeFailedException.class,
                        e -> {
                            assertThat(e.refused()).isFalse();
                            assertThat(e.status()).isEqualTo(101);
                            assertThat(e.getMessage()).contains("something.else");
                        });
    }
}
