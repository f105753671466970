package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis freezes (SIGSTOP) with a publish sent and unanswered past the command timeout: the publish
 * is answered {@code outcome_unknown}, not a plain failure, because Redis runs it when it thaws. A
 * retry with the same idempotency key then answers the first publish's result and delivers and
 * stores nothing more.
 */
class PublishOutcomeIT {
    private static final String API_KEY = "backend-key";

    private RedisServer redis;
    private RedcastServer node;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        node =
                RedcastServer.start(
                        TestNodes.config(redis.uri())
                                .apiKey(API_KEY)
                                .history(HistoryRule.parseList("h:*=100/1h"))
                                // The command timeout, not the probe, is what notices the freeze.
                                .redisProbeIntervalSeconds(30)
                                .build());
    }

    @AfterEach
    void stop() {
        redis.resume();
        node.close();
        redis.close();
    }

    @Test
    void apiPublishDuringFreeze_isOutcomeUnknown_andItsRetryWithTheKeyIsAppliedOnce() {
        try (WsTestClient watcher = TestNodes.connect(node, "watcher")) {
            TestNodes.subscribe(watcher, "h:orders", false);

            redis.pause();
            HttpTestClient.Response unknown = publish("h:orders", "order 1", "order-1");
            redis.resume();

            assertThat(unknown.status()).isEqualTo(503);
            assertThat(unknown.body().get("error").asText()).isEqualTo("outcome_unknown");
            assertThat(unknown.body().get("message").asText())
                    .isEqualTo(
                            "publish on 'h:orders' failed: redis did not answer in time; it may"
                                    + " have been applied");
            // Redis ran the publish when it thawed: without a key a retry would duplicate it.
            JsonNode live = watcher.expect("message");
            assertThat(live.get("payload").asText()).isEqualTo("order 1");
            awaitReady();

            HttpTestClient.Response retry = publish("h:orders", "order 1", "order-1");
            assertThat(retry.status()).as("%s", retry.body()).isEqualTo(200);
            assertThat(retry.body().get("offset").asLong()).isEqualTo(live.get("offset").asLong());
            assertThat(retry.body().get("epoch").asText()).isEqualTo(live.get("epoch").asText());
            assertThat(retry.body().get("replayed").asBoolean()).isTrue();

            // A later message arrives next: the retry delivered nothing in between.
            assertThat(publish("h:orders", "order 2", null).status()).isEqualTo(200);
            assertThat(watcher.expect("message").get("payload").asText()).isEqualTo("order 2");
            HttpTestClient.Response history =
                    HttpTestClient.get(node, "/api/history/h:orders", API_KEY);
            assertThat(history.body().get("messages"))
                    .extracting(m -> m.get("payload").asText())
                    .containsExactly("order 1", "order 2");
            watcher.assertExhausted();
        }
    }

    @Test
    void clientPublishDuringFreeze_isOutcomeUnknown_andItsRetryWithTheKeyIsDeliveredOnce() {
        try (WsTestClient alice = TestNodes.connect(node, "alice");
                WsTestClient bob = TestNodes.connect(node, "bob")) {
            TestNodes.subscribe(bob, "news", false);

            redis.pause();
            TestNodes.publish(alice, 1, "news", "flash", "flash-1");
            JsonNode error = alice.next(Duration.ofSeconds(15));
            redis.resume();

            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.get("id").asLong()).isEqualTo(1);
            assertThat(error.get("code").asText()).isEqualTo("outcome_unknown");
            assertThat(bob.expect("message").get("payload").asText()).isEqualTo("flash");
            awaitReady();

            TestNodes.publish(alice, 2, "news", "flash", "flash-1");
            JsonNode replayed = alice.expect("published");
            assertThat(replayed.get("id").asLong()).isEqualTo(2);
            assertThat(replayed.get("replayed").asBoolean()).isTrue();

            alice.sendJson("type", "publish", "id", 3, "channel", "news", "payload", "later");
            assertThat(alice.expect("published").has("replayed")).isFalse();
            assertThat(bob.expect("message").get("payload").asText()).isEqualTo("later");
            alice.assertExhausted();
            bob.assertExhausted();
        }
    }

    private HttpTestClient.Response publish(String channel, String payload, String key) {
        StringBuilder json =
                new StringBuilder("{\"channel\":\"" + channel + "\",\"payload\":\"" + payload);
        json.append('"');
        if (key != null) {
            json.append(",\"idempotency_key\":\"").append(key).append('"');
        }
        return HttpTestClient.post(node, "/api/publish", API_KEY, json.append('}').toString());
    }

    private void awaitReady() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Http.get(node, "/ready").statusCode() == 200);
    }
}
