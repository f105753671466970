package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The channel registry over HTTP on two nodes sharing one Redis: CRUD, validation, API key. */
class RegistryIT {
    private static final String KEY = "k3y";
    private static RedisServer redis;
    private static RedcastServer nodeA;
    private static RedcastServer nodeB;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        nodeA = RedcastServer.start(config("a"));
        nodeB = RedcastServer.start(config("b"));
    }

    private static dev.redcast.server.config.ServerConfig config(String node) {
        return TestNodes.config(redis.uri())
                .nodeId(node)
                .apiKey(KEY)
                .defaultChannels(List.of("general"))
                .build();
    }

    @AfterAll
    static void stop() {
        nodeA.close();
        nodeB.close();
        redis.close();
    }

    private static Http.Response call(
            RedcastServer node, String method, String path, String key, String body) {
        return Http.call(node.port(), method, path, key, body);
    }

    @Test
    void crud_withApiKey_isSharedBetweenNodes() {
        Http.Response created =
                call(
                        nodeA,
                        "POST",
                        "/channels",
                        KEY,
                        "{\"name\":\"chat:lobby\",\"description\":\"Say hi\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("chat:lobby");

        Http.Response again = call(nodeB, "POST", "/channels", KEY, "{\"name\":\"chat:lobby\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).isEqualTo("conflict");

        awaitListing(
                nodeB,
                list ->
                        assertThat(list.toString())
                                .isEqualTo(
                                        "[{\"name\":\"general\",\"description\":\"\","
                                                + "\"subscribers\":0},"
                                                + "{\"name\":\"chat:lobby\",\"description\":"
                                                + "\"Say hi\",\"subscribers\":0}]"));

        Http.Response updated =
                call(nodeB, "PUT", "/channels/chat:lobby", KEY, "{\"description\":\"Welcome\"}");
        assertThat(updated.status()).isEqualTo(200);
        awaitListing(
                nodeA,
                list -> assertThat(list.get(1).get("description").asText()).isEqualTo("Welcome"));

        assertThat(call(nodeA, "DELETE", "/channels/chat:lobby", KEY, null).status())
                .isEqualTo(204);
        assertThat(call(nodeA, "DELETE", "/channels/chat:lobby", KEY, null).status())
                .isEqualTo(404);
        assertThat(
                        call(nodeA, "PUT", "/channels/chat:lobby", KEY, "{\"description\":\"x\"}")
                                .status())
                .isEqualTo(404);
        awaitListing(nodeB, list -> assertThat(list.size()).isEqualTo(1));
    }

    @Test
    void channelsCommand_listsDescriptionsAndClusterWideSubscribers() {
        assertThat(
                        call(
                                        nodeA,
                                        "POST",
                                        "/channels",
                                        KEY,
                                        "{\"name\":\"news\",\"description\":\"Headlines\"}")
                                .status())
                .isEqualTo(201);
        WsTestClient a = TestNodes.connect(nodeA, "a1");
        WsTestClient b = TestNodes.connect(nodeB, "b1");
        try {
            TestNodes.subscribe(b, "news", false);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(
                            () -> {
                                a.sendJson("type", "channels", "id", 9);
                                JsonNode reply = a.expect("channels");
                                assertThat(reply.get("id").asLong()).isEqualTo(9);
                                assertThat(reply.get("channels").toString())
                                        .isEqualTo(
                                                "[{\"name\":\"general\",\"description\":\"\","
                                                        + "\"subscribers\":2},"
                                                        + "{\"name\":\"news\",\"description\":"
                                                        + "\"Headlines\",\"subscribers\":1}]");
                            });
            a.assertExhausted();
            b.assertExhausted();
        } finally {
            a.close();
            b.close();
            call(nodeA, "DELETE", "/channels/news", KEY, null);
        }
    }

    @Test
    void writesWithoutOrWithWrongKey_are401() {
        for (String key : new String[] {null, "wrong"}) {
            Http.Response r =
                    call(nodeA, "POST", "/channels", key, "{\"name\":\"x\",\"description\":\"\"}");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("error").asText()).isEqualTo("unauthorized");
            assertThat(call(nodeA, "PUT", "/channels/x", key, "{\"description\":\"\"}").status())
                    .isEqualTo(401);
            assertThat(call(nodeA, "DELETE", "/channels/x", key, null).status()).isEqualTo(401);
        }
        awaitListing(nodeA, list -> assertThat(list.size()).isEqualTo(1));
    }

    @Test
    void badInput_isA400WithAClearMessage() {
        assertBad("POST", "/channels", "{not json", "malformed JSON body");
        assertBad("POST", "/channels", "[1,2]", "the body must be a JSON object");
        assertBad("POST", "/channels", "", "a JSON object body is required");
        assertBad("POST", "/channels", "{\"description\":\"d\"}", "missing field 'name'");
        assertBad("POST", "/channels", "{\"name\":5}", "field 'name' must be a string");
        assertBad("POST", "/channels", "{\"name\":\"\"}", "a channel name must not be empty");
        assertBad(
                "POST",
                "/channels",
                "{\"name\":\"" + "x".repeat(65) + "\"}",
                "a channel name is at most 64 characters, got 65");
        assertBad(
                "POST",
                "/channels",
                "{\"name\":\"has space\"}",
                "a channel name may contain only letters A-Z a-z, digits and _ : . -;"
                        + " found ' ' at position 3");
        assertBad(
                "POST",
                "/channels",
                "{\"name\":\"ok\",\"description\":\"" + "d".repeat(501) + "\"}",
                "a description is at most 500 characters, got 501");
        assertBad(
                "POST",
                "/channels",
                "{\"name\":\"ok\",\"description\":true}",
                "field 'description' must be a string");
        assertBad("PUT", "/channels/ok", "{}", "missing field 'description'");
        assertBad(
                "PUT",
                "/channels/b%40d",
                "{\"description\":\"\"}",
                "a channel name may contain only letters A-Z a-z, digits and _ : . -;"
                        + " found '@' at position 1");
        assertBad(
                "DELETE",
                "/channels/b%40d",
                null,
                "a channel name may contain only letters A-Z a-z, digits and _ : . -;"
                        + " found '@' at position 1");
        awaitListing(nodeA, list -> assertThat(list.size()).isEqualTo(1));
    }

    /** Waits for the listing to show a change: it is served from a snapshot up to ~1 s old. */
    private static void awaitListing(RedcastServer node, Consumer<JsonNode> check) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> check.accept(Http.get(node.port(), "/channels")));
    }

    private static void assertBad(String method, String path, String body, String message) {
        Http.Response r = call(nodeA, method, path, KEY, body);
        assertThat(r.status()).as(method + " " + path + " " + body).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(r.json().get("message").asText()).isEqualTo(message);
    }
}
