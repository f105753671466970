package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.testkit.WsTestClient;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input gets a clear error frame, HTTP error or close code; never a stack trace,
 * and the connection survives whatever PROTOCOL.md says it survives.
 */
class BadInputIT {
    private static final int MAX_FRAME = 4096;
    private static RedcastServer node;
    private WsTestClient client;

    @BeforeAll
    static void start() {
        node =
                RedcastServer.start(
                        TestNodes.config(null)
                                .maxFrameSize(MAX_FRAME)
                                .maxBadCommands(5)
                                .commandRate(20)
                                .allowedOrigins(java.util.List.of("https://good.example"))
                                .build());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private WsTestClient connect() {
        client =
                WsTestClient.builder(TestNodes.wsUri(node, "bad"))
                        .header("Origin", "https://good.example")
                        .connect();
        client.expect("welcome");
        return client;
    }

    private static JsonNode expectError(WsTestClient c, String code) {
        JsonNode e = c.expect("error");
        assertThat(e.get("code").asText()).isEqualTo(code);
        assertThat(e.get("message").asText()).doesNotContain("Exception").doesNotContain("\tat ");
        return e;
    }

    @Test
    void malformedJson_getsBadRequest_andConnectionStaysOpen() {
        WsTestClient c = connect();
        c.sendText("{\"type\":\"subscribe\",");
        assertThat(expectError(c, "bad_request").get("message").asText())
                .startsWith("malformed JSON");
        c.sendText("[1,2,3]");
        expectError(c, "bad_request");
        c.sendJson("type", "ping", "id", 1);
        assertThat(c.expect("pong").get("id").asInt()).isEqualTo(1);
        c.assertExhausted();
    }

    @Test
    void unknownTypeMissingFieldsAndWrongTypes_getBadRequestWithId() {
        WsTestClient c = connect();
        c.sendJson("type", "teleport", "id", 5);
        JsonNode e = expectError(c, "bad_request");
        assertThat(e.get("id").asInt()).isEqualTo(5);
        assertThat(e.get("message").asText()).contains("teleport");

        c.sendJson("type", "subscribe", "id", 6);
        assertThat(expectError(c, "bad_request").get("message").asText()).contains("channel");

        c.sendJson("type", "subscribe", "id", 7, "channel", 42);
        assertThat(expectError(c, "bad_request").get("message").asText())
                .contains("must be a string");

        c.sendJson("type", "publish", "id", 8, "channel", "x", "payload", java.util.Map.of("a", 1));
        assertThat(expectError(c, "bad_request").get("id").asInt()).isEqualTo(8);

        c.sendJson("type", "ping");
        c.expect("pong");
        c.sendJson("type", 3);
        expectError(c, "bad_request");
        c.sendJson("type", "ping", "id", 9);
        c.expect("pong");
        c.assertExhausted();
    }

    @Test
    void frameOverTheLimit_closesWith1009() {
        WsTestClient c = connect();
        c.sendText(
                "{\"type\":\"publish\",\"channel\":\"x\",\"payload\":\""
                        + "a".repeat(MAX_FRAME)
                        + "\"}");
        assertThat(c.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1009);
    }

    @Test
    void fragmentedMessageOverTheLimit_closesWith1009() {
        WsTestClient c = connect();
        byte[] half = "a".repeat(MAX_FRAME / 2 + 10).getBytes(StandardCharsets.UTF_8);
        c.sendFrame(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(half)));
        c.sendFrame(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(half)));
        assertThat(c.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1009);
    }

    @Test
    void binaryFrame_getsBadRequest() {
        WsTestClient c = connect();
        c.sendBinary(new byte[] {1, 2, 3});
        assertThat(expectError(c, "bad_request").get("message").asText()).contains("binary");
        c.sendJson("type", "ping");
        c.expect("pong");
        c.assertExhausted();
    }

    @Test
    void invalidUtf8_closesWith1007() {
        WsTestClient c = connect();
        c.sendRawText(new byte[] {'{', '"', (byte) 0xc3, (byte) 0x28, '"', '}'});
        assertThat(c.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1007);
    }

    @Test
    void repeatedBadCommands_closeWith4509() {
        WsTestClient c = connect();
        for (int i = 0; i < 5; i++) {
            c.sendText("nope");
        }
        for (int i = 0; i < 5; i++) {
            expectError(c, "bad_request");
        }
        WsTestClient.CloseStatus status = c.awaitClose(Duration.ofSeconds(5));
        assertThat(status.code()).isEqualTo(4509);
    }

    @Test
    void goodCommandResetsTheBadCommandCount() {
        WsTestClient c = connect();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                c.sendText("nope");
                expectError(c, "bad_request");
            }
            c.sendJson("type", "ping");
            c.expect("pong");
        }
        assertThat(c.isOpen()).isTrue();
        c.assertExhausted();
    }

    @Test
    void commandFlood_getsTooManyRequests() {
        WsTestClient c = connect();
        for (int i = 0; i < 24; i++) {
            c.sendJson("type", "ping", "id", i);
        }
        int pongs = 0;
        int limited = 0;
        for (int i = 0; i < 24; i++) {
            JsonNode r = c.next();
            if (r.get("type").asText().equals("pong")) {
                pongs++;
            } else {
                assertThat(r.get("code").asText()).isEqualTo("too_many_requests");
                limited++;
            }
        }
        assertThat(pongs).isGreaterThanOrEqualTo(20);
        assertThat(limited).isGreaterThanOrEqualTo(1);
    }

    @Test
    void wrongOrMissingToken_isRefusedWith401Json() throws Exception {
        URI wrong = URI.create("ws://127.0.0.1:" + node.port() + "/ws?token=nope");
        assertThatThrownBy(
                        () ->
                                WsTestClient.builder(wrong)
                                        .header("Origin", "https://good.example")
                                        .connect())
                .isInstanceOfSatisfying(
                        WsTestClient.HandshakeFailed.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(401);
                            assertThat(json(e.body()).get("error").asText())
                                    .isEqualTo("unauthorized");
                        });
        URI missing = URI.create("ws://127.0.0.1:" + node.port() + "/ws");
        assertThatThrownBy(
                        () ->
                                WsTestClient.builder(missing)
                                        .header("Origin", "https://good.example")
                                        .connect())
                .isInstanceOfSatisfying(
                        WsTestClient.HandshakeFailed.class,
                        e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void bearerHeaderIsAccepted_andBadUserNameIs400() {
        URI plain = URI.create("ws://127.0.0.1:" + node.port() + "/ws?user=hdr");
        try (WsTestClient c =
                WsTestClient.builder(plain)
                        .header("Authorization", "Bearer " + TestNodes.TOKEN)
                        .header("Origin", "https://good.example")
                        .connect()) {
            assertThat(c.expect("welcome").get("user").asText()).isEqualTo("hdr");
        }
        URI badUser = URI.create(TestNodes.wsUri(node, null) + "&user=%3Cscript%3E");
        assertThatThrownBy(
                        () ->
                                WsTestClient.builder(badUser)
                                        .header("Origin", "https://good.example")
                                        .connect())
                .isInstanceOfSatisfying(
                        WsTestClient.HandshakeFailed.class,
                        e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void forbiddenOrigin_isRefusedWith403() {
        assertThatThrownBy(
                        () ->
                                WsTestClient.builder(TestNodes.wsUri(node, "o"))
                                        .header("Origin", "https://evil.example")
                                        .connect())
                .isInstanceOfSatisfying(
                        WsTestClient.HandshakeFailed.class,
                        e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void http_unknownPath404_wrongMethod405_hugeBody413_allJsonOrClosed() throws Exception {
        HttpResponse<String> notFound = Http.get(node, "/nope");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(json(notFound.body()).get("error").asText()).isEqualTo("not_found");

        HttpResponse<String> wrongMethod =
                Http.send(HttpRequest.newBuilder(Http.uri(node, "/health")).DELETE().build());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);

        HttpResponse<String> huge =
                Http.send(
                        HttpRequest.newBuilder(Http.uri(node, "/health"))
                                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(200_000)))
                                .build());
        assertThat(huge.statusCode()).isEqualTo(413);
    }

    private static JsonNode json(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
