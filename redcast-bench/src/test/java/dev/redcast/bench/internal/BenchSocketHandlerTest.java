package dev.redcast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BenchSocketHandlerTest {

    /** Records every callback as a line; the test asserts each one and then that none is left. */
    private static final class RecordingListener implements ConnectionListener {
        final Queue<String> events = new ArrayDeque<>();

        @Override
        public void onOpen(int index, Channel channel) {
            events.add("open " + index);
        }

        @Override
        public void onFailed(int index, Throwable cause) {
            events.add("failed " + index + " " + cause.getMessage());
        }

        @Override
        public void onSubscribed(int index, String channel) {
            events.add("subscribed " + index + " " + channel);
        }

        @Override
        public void onPublished(int index) {
            events.add("published " + index);
        }

        @Override
        public void onError(int index, long replyTo, String code, String message) {
            events.add("error " + index + " " + replyTo + " " + code + " " + message);
        }

        @Override
        public void onWelcome(int index, String node, String version) {
            events.add("welcome " + node + " " + version);
        }

        @Override
        public void onClosed(int index, int closeCode, String reason) {
            events.add("closed " + index + " " + closeCode + " " + reason);
        }

        String take() {
            return events.remove();
        }

        void assertExhausted() {
            assertThat(events).isEmpty();
        }
    }

    private final RecordingListener listener = new RecordingListener();
    private ReceiverStats stats;
    private final EmbeddedChannel channel =
            new EmbeddedChannel(
                    new BenchSocketHandler(
                            4,
                            List.of("bench:4"),
                            listener,
                            loop -> stats = new ReceiverStats(loop)));

    @AfterEach
    void tearDown() {
        boolean wasOpen = channel.isOpen();
        channel.finishAndReleaseAll();
        if (wasOpen) {
            assertThat(listener.take()).isEqualTo("closed 4 -1 ");
        }
        listener.assertExhausted();
    }

    @Test
    void handshakeComplete_opensAndSubscribes() {
        channel.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);

        assertThat(listener.take()).isEqualTo("open 4");
        TextWebSocketFrame sent = channel.readOutbound();
        assertThat(sent.text())
                .isEqualTo("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"bench:4\"}");
        sent.release();
    }

    @Test
    void handshakeTimeout_fails() {
        channel.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT);

        assertThat(listener.take()).isEqualTo("failed 4 handshake timed out");
    }

    @Test
    void controlFrames_reachTheListener() {
        receive("{\"type\":\"welcome\",\"client\":\"c1\",\"node\":\"n-1\",\"version\":\"1.2.0\"}");
        receive("{\"type\":\"subscribed\",\"id\":1,\"channel\":\"bench:4\"}");
        receive("{\"type\":\"published\",\"id\":2,\"channel\":\"bench:4\"}");
        receive("{\"type\":\"error\",\"id\":2,\"code\":\"forbidden\",\"message\":\"no\"}");
        receive("{\"type\":\"pong\"}");
        receive("not json");

        assertThat(listener.take()).isEqualTo("welcome n-1 1.2.0");
        assertThat(listener.take()).isEqualTo("subscribed 4 bench:4");
        assertThat(listener.take()).isEqualTo("published 4");
        assertThat(listener.take()).isEqualTo("error 4 2 forbidden no");
        assertThat(listener.take()).startsWith("error 4 -1 bad_frame unparseable frame");
    }

    @Test
    void messageFrames_goToTheLoopStatsNotTheListener() {
        stats.begin(new Phase(1, 1, 0, Long.MAX_VALUE));

        receive("{\"type\":\"message\",\"channel\":\"bench:4\",\"payload\":\"1:0:0:xx\"}");

        assertThat(stats.received()).isEqualTo(1);
    }

    @Test
    void closeFrame_isReportedWithItsCode() {
        channel.writeInbound(new CloseWebSocketFrame(4008, "slow consumer"));

        assertThat(channel.isActive()).isFalse();
        assertThat(listener.take()).isEqualTo("closed 4 4008 slow consumer");
    }

    @Test
    void closeWithoutFrame_isReportedWithMinusOne() {
        channel.close();

        assertThat(listener.take()).isEqualTo("closed 4 -1 ");
    }

    private void receive(String json) {
        ByteBuf content = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        channel.writeInbound(new TextWebSocketFrame(content));
    }
}
