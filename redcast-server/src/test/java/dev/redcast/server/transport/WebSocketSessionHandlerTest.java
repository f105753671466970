package dev.redcast.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.protocol.CloseCodes;
import dev.redcast.server.auth.Principal;
import dev.redcast.server.auth.SharedTokenAuthenticator;
import dev.redcast.server.broker.memory.MemoryBroker;
import dev.redcast.server.cluster.Cluster;
import dev.redcast.server.cluster.memory.MemoryNodeRegistry;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.dialect.Dialects;
import dev.redcast.server.hub.Gateway;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.server.presence.memory.MemoryPresenceStore;
import dev.redcast.server.registry.memory.MemoryChannelRegistry;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Confined to the test thread. The one place where refusals become error frames and bad input a
 * close code, driven frame by frame on an {@link EmbeddedChannel}.
 */
class WebSocketSessionHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BAD = 3;

    private final ServerMetrics metrics = new ServerMetrics();
    private final MemoryBroker broker = new MemoryBroker();
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        ServerConfig config =
                ServerConfig.builder()
                        .authToken("t")
                        .nodeId("n-test")
                        .maxBadCommands(MAX_BAD)
                        .defaultChannels(List.of("general"))
                        .build();
        Gateway gateway =
                Gateway.wire(
                        config,
                        Cluster.of(broker, new MemoryNodeRegistry(), "n-test", metrics),
                        new MemoryPresenceStore("n-test"),
                        new MemoryChannelRegistry(),
                        metrics,
                        "1.0",
                        new SharedTokenAuthenticator("t"));
        gateway.start();
        channel =
                new EmbeddedChannel(
                        new WebSocketSessionHandler(
                                gateway.hub(),
                                Dialects.of(config, gateway.hub(), gateway.commands())
                                        .redcast(true),
                                new Principal("wael"),
                                "c1",
                                false,
                                config.transport().maxFrameSize()));
        channel.runPendingTasks();
        assertThat(next().get("type").asText()).isEqualTo("welcome");
    }

    @AfterEach
    void tearDown() {
        channel.runPendingTasks();
        Object left = channel.readOutbound();
        try {
            assertThat(left).as("no unexpected frame left").isNull();
        } finally {
            ReferenceCountUtil.release(left);
            channel.finishAndReleaseAll();
            metrics.close();
        }
    }

    private void send(String text) {
        TextWebSocketFrame frame = new TextWebSocketFrame(text);
        channel.writeInbound(frame);
        channel.runPendingTasks();
        assertThat(frame.refCnt()).as("inbound frame released").isZero();
    }

    private Object nextRaw() {
        channel.runPendingTasks();
        Object o = channel.readOutbound();
        assertThat(o).as("an outbound frame").isNotNull();
        return o;
    }

    private JsonNode next() {
        Object o = nextRaw();
        try {
            assertThat(o).isInstanceOf(TextWebSocketFrame.class);
            return JSON.readTree(ByteBufUtil.getBytes(((TextWebSocketFrame) o).content()));
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            ReferenceCountUtil.release(o);
        }
    }

    private JsonNode nextError() {
        JsonNode n = next();
        assertThat(n.get("type").asText()).as("frame %s", n).isEqualTo("error");
        return n;
    }

    private int nextClose() {
        Object o = nextRaw();
        try {
            assertThat(o).isInstanceOf(CloseWebSocketFrame.class);
            return ((CloseWebSocketFrame) o).statusCode();
        } finally {
            ReferenceCountUtil.release(o);
        }
    }

    @Test
    void textFrame_badJson_getsBadRequestError_andStaysOpen() {
        send("{not json");
        JsonNode e = nextError();
        assertThat(e.get("code").asText()).isEqualTo("bad_request");
        assertThat(e.has("id")).isFalse();
        assertThat(e.get("message").asText()).contains("malformed JSON");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void textFrame_refusedCommand_echoesId() {
        send("{\"type\":\"bogus\",\"id\":41}");
        JsonNode e = nextError();
        assertThat(e.get("id").asLong()).isEqualTo(41);
        assertThat(e.get("code").asText()).isEqualTo("bad_request");
    }

    @Test
    void textFrame_goodCommand_isAnswered() {
        send("{\"type\":\"ping\",\"id\":1}");
        JsonNode pong = next();
        assertThat(pong.get("type").asText()).isEqualTo("pong");
        assertThat(pong.get("id").asLong()).isEqualTo(1);
    }

    @Test
    void textFrame_deeplyNested_isAnErrorFrameNotACrash() {
        send("[".repeat(100_000));
        assertThat(nextError().get("code").asText()).isEqualTo("bad_request");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void binaryFrame_getsBadRequestError() {
        BinaryWebSocketFrame frame =
                new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2}));
        channel.writeInbound(frame);
        JsonNode e = nextError();
        assertThat(e.get("code").asText()).isEqualTo("bad_request");
        assertThat(e.get("message").asText()).contains("binary");
        assertThat(frame.refCnt()).isZero();
    }

    @Test
    void badCommandsInARow_closeWith4509() {
        for (int i = 0; i < MAX_BAD; i++) {
            send("nope");
            nextError();
        }
        assertThat(nextClose()).isEqualTo(CloseCodes.TOO_MANY_BAD_COMMANDS);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void goodCommand_resetsTheBadCount() {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < MAX_BAD - 1; i++) {
                send("nope");
                nextError();
            }
            send("{\"type\":\"ping\"}");
            assertThat(next().get("type").asText()).isEqualTo("pong");
        }
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void textInTheSameReadAfterClosing_isIgnored() {
        // One TCP read can carry frames past the one that made the server close.
        Object[] frames = new Object[MAX_BAD + 1];
        for (int i = 0; i < MAX_BAD; i++) {
            frames[i] = new TextWebSocketFrame("nope");
        }
        frames[MAX_BAD] = new TextWebSocketFrame("{\"type\":\"ping\"}");
        channel.writeInbound(frames);
        for (int i = 0; i < MAX_BAD; i++) {
            nextError();
        }
        assertThat(nextClose()).isEqualTo(CloseCodes.TOO_MANY_BAD_COMMANDS);
        for (Object f : frames) {
            assertThat(((TextWebSocketFrame) f).refCnt()).isZero();
        }
    }

    @Test
    void pingFrame_getsPongWithSamePayload() {
        channel.writeInbound(
                new PingWebSocketFrame(Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII)));
        Object o = nextRaw();
        try {
            assertThat(o).isInstanceOf(PongWebSocketFrame.class);
            assertThat(((PongWebSocketFrame) o).content().toString(StandardCharsets.US_ASCII))
                    .isEqualTo("abc");
        } finally {
            ReferenceCountUtil.release(o);
        }
    }

    @Test
    void closeFrame_isAnsweredWithTheSameCode() {
        channel.writeInbound(new CloseWebSocketFrame(4321, "bye"));
        assertThat(nextClose()).isEqualTo(4321);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void closeFrame_withoutCode_isAnsweredWithNormal() {
        channel.writeInbound(new CloseWebSocketFrame(true, 0, Unpooled.EMPTY_BUFFER));
        assertThat(nextClose()).isEqualTo(CloseCodes.NORMAL);
    }

    @Test
    void tooLongFrame_closesWith1009() {
        channel.pipeline().fireExceptionCaught(new TooLongFrameException("too big"));
        assertThat(nextClose()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void channelClosed_releasesTheSession() {
        channel.close();
        channel.runPendingTasks();
        assertThat(metrics.connections()).isZero();
        assertThat(metrics.subscriptions()).isZero();
    }
}
