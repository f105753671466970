package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Publishes with an idempotency key, on both brokers: a retry within the window is answered like
 * the first publish and delivers and stores nothing; keys are per channel and per publisher; the
 * body field and the header are one key; bad keys are refused.
 */
class IdempotencyIT {
    private static final String API_KEY = "backend-key";

    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static RedcastServer node(String backend, int windowSeconds) {
        return RedcastServer.start(
                TestNodes.config(backend.equals("redis") ? redis.uri() : null)
                        .apiKey(API_KEY)
                        .history(HistoryRule.parseList("h:*=100/1h"))
                        .idempotencyWindowSeconds(windowSeconds)
                        .build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis"})
    void retriesWithTheSameKey_areAnsweredLikeTheFirst_andDeliveredOnce(String backend) {
        try (RedcastServer node = node(backend, 300);
                WsTestClient watcher = TestNodes.connect(node, "watcher")) {
            String history = "h:" + backend + ":orders";
            String live = backend + ":news";
            TestNodes.subscribe(watcher, history, false);
            TestNodes.subscribe(watcher, live, false);

            Http.Response first = publish(node, history, "order 1", "order-1");
            Http.Response retry = publish(node, history, "order 1", "order-1");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json().has("replayed")).isFalse();
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.json().get("offset")).isEqualTo(first.json().get("offset"));
            assertThat(retry.json().get("epoch")).isEqualTo(first.json().get("epoch"));
            assertThat(retry.json().get("replayed").asBoolean()).isTrue();
            assertThat(publish(node, live, "flash", "order-1").json().has("replayed")).isFalse();
            assertThat(publish(node, live, "flash", "order-1").json().get("replayed").asBoolean())
                    .isTrue();

            assertThat(watcher.expect("message").get("payload").asText()).isEqualTo("order 1");
            assertThat(watcher.expect("message").get("payload").asText()).isEqualTo("flash");

            // The same key from a WebSocket user is that user's: applied, then replayed.
            TestNodes.publish(watcher, 1, history, "mine", "order-1");
            List<JsonNode> applied = watcher.next(2, Duration.ofSeconds(5));
            assertThat(applied)
                    .extracting(n -> n.get("type").asText())
                    .containsExactlyInAnyOrder("published", "message");
            for (JsonNode n : applied) {
                assertThat(n.get("offset").asLong()).isEqualTo(2);
            }
            TestNodes.publish(watcher, 2, history, "mine", "order-1");
            assertThat(watcher.expect("published").get("replayed").asBoolean()).isTrue();

            // A marker published after the retries arrives next: they delivered nothing.
            assertThat(publish(node, history, "marker", null).json().get("offset").asLong())
                    .isEqualTo(3);
            assertThat(watcher.expect("message").get("payload").asText()).isEqualTo("marker");
            assertThat(
                            Http.call(node.port(), "GET", "/api/history/" + history, API_KEY, null)
                                    .json()
                                    .get("messages"))
                    .extracting(m -> m.get("payload").asText())
                    .containsExactly("order 1", "mine", "marker");
            assertThat(Http.get(node, "/metrics").body())
                    .containsPattern("(?m)^redcast_idempotent_replays_total 3\\.0$");
            watcher.assertExhausted();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis"})
    void theKeyMayComeAsAHeader_conflictsAndBadKeysAreRefused(String backend) {
        try (RedcastServer node = node(backend, 300)) {
            String channel = backend + ":header";
            HttpResponse<String> byHeader = publishWithHeader(node, channel, "{}", "key-h");
            assertThat(byHeader.statusCode()).isEqualTo(200);
            Http.Response byBody = publish(node, channel, "p", "key-h");
            assertThat(byBody.json().get("replayed").asBoolean()).isTrue();

            HttpResponse<String> conflict =
                    publishWithHeader(node, channel, ",\"idempotency_key\":\"other\"}", "key-h");
            assertThat(conflict.statusCode()).isEqualTo(400);
            assertThat(conflict.body()).contains("differ");
            for (String bad :
                    new String[] {"\"\"", "\"a b\"", "7", "\"" + "k".repeat(129) + "\""}) {
                Http.Response refused =
                        Http.call(
                                node.port(),
                                "POST",
                                "/api/publish",
                                API_KEY,
                                "{\"channel\":\"c\",\"payload\":\"p\",\"idempotency_key\":"
                                        + bad
                                        + "}");
                assertThat(refused.status()).as(bad).isEqualTo(400);
                assertThat(refused.json().get("error").asText()).isEqualTo("bad_request");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis"})
    void afterTheWindow_theSameKeyPublishesAgain(String backend) {
        try (RedcastServer node = node(backend, 1)) {
            String channel = "h:" + backend + ":window";
            assertThat(publish(node, channel, "p", "k").json().get("offset").asLong()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !publish(node, channel, "p", "k").json().has("replayed"));
            assertThat(
                            Http.call(node.port(), "GET", "/api/history/" + channel, API_KEY, null)
                                    .json()
                                    .get("messages"))
                    .hasSize(2);
        }
    }

    private static Http.Response publish(
            RedcastServer node, String channel, String payload, String key) {
        String json =
                "{\"channel\":\""
                        + channel
                        + "\",\"payload\":\""
                        + payload
                        + "\""
                        + (key == null ? "" : ",\"idempotency_key\":\"" + key + "\"")
                        + "}";
        return Http.call(node.port(), "POST", "/api/publish", API_KEY, json);
    }

    /** A publish whose body ends with {@code tail} and with {@code Idempotency-Key: key}. */
    private static HttpResponse<String> publishWithHeader(
            RedcastServer node, String channel, String tail, String key) {
        String body =
                "{\"channel\":\""
                        + channel
                        + "\",\"payload\":\"p\""
                        + (tail.equals("{}") ? "}" : tail);
        return Http.send(
                HttpRequest.newBuilder(Http.uri(node, "/api/publish"))
                        .header("Authorization", "Bearer " + API_KEY)
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }
}
