package dev.redcast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.protocol.Subprotocol;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WsTestClientIT {

    private static EchoWebSocketServer server;

    @BeforeAll
    static void startServer() {
        server = new EchoWebSocketServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static URI ws() {
        return server.uri("/ws");
    }

    @Test
    void handshakeWithSubprotocol_negotiatesIt_andQueuesParsedJson() {
        try (WsTestClient client = WsTestClient.connect(ws())) {
            assertThat(client.subprotocol()).isEqualTo(Subprotocol.V1);
            assertThat(client.expect("welcome").get("subprotocol").asText())
                    .isEqualTo(Subprotocol.V1);
            client.sendJson("type", "echo", "id", 7, "list", List.of(1, 2));
            JsonNode echo = client.expect("echo");
            assertThat(echo.get("id").asInt()).isEqualTo(7);
            assertThat(echo.get("list").size()).isEqualTo(2);
            client.sendJson(Map.of("type", "again"));
            client.expect("again");
            client.assertExhausted();
        }
    }

    @Test
    void handshakeWithoutSubprotocol_negotiatesNone() {
        try (WsTestClient client = WsTestClient.builder(ws()).subprotocol(null).connect()) {
            assertThat(client.subprotocol()).isNull();
            assertThat(client.expect("welcome").get("subprotocol").isNull()).isTrue();
            client.assertExhausted();
        }
    }

    @Test
    void nonJsonText_isQueuedAsTextNode() {
        try (WsTestClient client = WsTestClient.connect(ws())) {
            client.expect("welcome");
            client.sendText("not json {");
            JsonNode frame = client.next();
            assertThat(frame.isTextual()).isTrue();
            assertThat(frame.asText()).isEqualTo("not json {");
            client.assertExhausted();
        }
    }

    @Test
    void nextN_returnsFramesInOrder() {
        try (WsTestClient client = WsTestClient.connect(ws())) {
            for (int i = 0; i < 3; i++) {
                client.sendJson("type", "n", "i", i);
            }
            List<JsonNode> frames = client.next(4, Duration.ofSeconds(5));
            assertThat(frames.get(0).get("type").asText()).isEqualTo("welcome");
            assertThat(frames.subList(1, 4))
                    .extracting(f -> f.get("i").asInt())
                    .containsExactly(0, 1, 2);
            client.assertExhausted();
        }
    }

    @Test
    void expectWrongType_failsShowingTheFrame() {
        try (WsTestClient client = WsTestClient.connect(ws())) {
            assertThatThrownBy(() -> client.expect("message"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("'message'")
                    .hasMessageContaining("\"type\":\"welcome\"");
        }
    }

    @Test
    void next_withNothingComing_failsDescribingState() {
        try (WsTestClient client = WsTestClient.connect(ws())) {
            client.expect("welcome");
            assertThatThrownBy(() -> client.next(Duration.ofMillis(50)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("queued=0")
                    .hasMessageContaining("open");
            assertThat(client.poll(Duration.ofMillis(10))).isEmpty();
        }
    }

    @Test
    void assertExhausted_failsListingUnconsumedFrames() {
        try (WsTestClient client = WsTestClient.connect(ws())) {
            client.sendJson("type", "leftover");
            await().atMost(Duration.ofSeconds(5)).until(() -> client.queued() == 2);
            assertThatThrownBy(client::assertExhausted)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("2 unconsumed frame(s)")
                    .hasMessageContaining("leftover");
        }
    }

    @Test
    void refusedUpgrade_throwsHandshakeFailedWithStatusAndBody() {
        assertThatThrownBy(() -> WsTestClient.connect(server.uri("/ws?token=bad")))
                .isInstanceOfSatisfying(
                        WsTestClient.HandshakeFailed.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(401);
                            assertThat(e.body()).contains("\"error\":\"unauthorized\"");
                        });
    }

    @Test
    void serverCloseFrame_isReturnedByAwaitClose() {
        try (WsTestClient client = WsTestClient.connect(ws())) {
            client.expect("welcome");
            client.sendText("close:4001:bye now");
            assertThat(client.awaitClose(Duration.ofSeconds(5)))
                    .isEqualTo(new WsTestClient.CloseStatus(4001, "bye now"));
            assertThat(client.isOpen()).isFalse();
            assertThatThrownBy(() -> client.sendText("late"))
                    .isInstanceOf(IllegalStateException.class);
            client.assertExhausted();
        }
    }

    @Test
    void tcpDropWithoutCloseFrame_is1006() {
        try (WsTestClient client = WsTestClient.connect(ws())) {
            client.expect("welcome");
            client.sendText("drop");
            assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1006);
        }
    }

    @Test
    void rawInvalidUtf8_reachesTheServerUnchecked() {
        try (WsTestClient client = WsTestClient.connect(ws())) {
            client.expect("welcome");
            client.sendRawText(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
            // Netty's server-side UTF-8 validator answers invalid payload data with 1007.
            assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1007);
        }
    }

    @Test
    void serverPing_isCountedAndAnsweredByDefault() {
        try (WsTestClient client = WsTestClient.connect(ws())) {
            client.expect("welcome");
            client.sendText("ping");
            client.expect("pong-seen");
            assertThat(client.pingsReceived()).isEqualTo(1);
            client.assertExhausted();
        }
    }

    @Test
    void autoPongOff_ignoresServerPing() {
        try (WsTestClient client = WsTestClient.builder(ws()).autoPong(false).connect()) {
            client.expect("welcome");
            client.sendText("ping");
            await().atMost(Duration.ofSeconds(5)).until(() -> client.pingsReceived() == 1);
            // A pong would have reached the server before this text and come back first.
            client.sendJson("type", "after");
            client.expect("after");
            client.assertExhausted();
        }
    }

    @Test
    void sendPing_getsPong() {
        try (WsTestClient client = WsTestClient.connect(ws())) {
            client.expect("welcome");
            client.sendPing();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.pongsReceived() == 1);
        }
    }

    @Test
    void pausedReading_holdsFramesUntilResumed() {
        try (WsTestClient client = WsTestClient.connect(ws())) {
            client.expect("welcome");
            client.pauseReading();
            client.sendJson("type", "held");
            assertThat(client.poll(Duration.ofMillis(200))).isEmpty();
            client.resumeReading();
            client.expect("held");
            client.assertExhausted();
        }
    }

    @Test
    void close_isIdempotent_andServerSeesACleanClose() {
        WsTestClient client = WsTestClient.connect(ws());
        client.expect("welcome");
        client.close();
        client.close();
        assertThat(client.isOpen()).isFalse();
    }
}
