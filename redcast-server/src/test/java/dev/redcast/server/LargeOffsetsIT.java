package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Offsets are exact however large they grow, up to 2^53 - 1 (the largest integer a JavaScript
 * client reads exactly), where the history refuses further messages with a message of redcast's
 * own. The history keys are seeded directly in Redis, with the documented key scheme.
 */
class LargeOffsetsIT {
    private static final long MAX = 9_007_199_254_740_991L;

    private static RedisServer redis;
    private static RedcastServer node;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        node = RedcastServer.start(RedisHistoryIT.config(redis, "a"));
    }

    @AfterAll
    static void stop() {
        node.close();
        redis.close();
    }

    private static void seed(String channel, long offset) {
        redis.command(
                "HSET",
                "redcast:{" + channel + "}:meta",
                "o",
                Long.toString(offset),
                "e",
                "seeded");
    }

    @Test
    void offsetsFrom1e14_stayExactIntegers_liveInHistoryAndInRecovery() {
        long base = 100_000_000_000_000L;
        seed("h:big", base);
        try (WsTestClient c = TestNodes.connect(node, "u")) {
            c.sendJson("type", "subscribe", "channel", "h:big");
            JsonNode subscribed = c.expect("subscribed");
            assertThat(subscribed.get("offset").asLong()).isEqualTo(base);

            HttpTestClient.Response api = RedisHistoryIT.apiPublish(node, "h:big", "one");
            List<Object> fcall = RedisHistoryIT.fcall(redis, "h:big", "two", "h:big");

            assertThat(api.status()).as("%s", api.body()).isEqualTo(200);
            assertThat(api.body().get("offset").asLong()).isEqualTo(base + 1);
            assertThat(api.body().get("epoch").asText()).isEqualTo("seeded");
            assertThat(fcall).containsExactly(base + 2, "seeded");
            JsonNode one = c.expect("message");
            JsonNode two = c.expect("message");
            assertThat(one.get("offset").isIntegralNumber()).isTrue();
            assertThat(one.get("offset").asLong()).isEqualTo(base + 1);
            assertThat(two.get("offset").asLong()).isEqualTo(base + 2);

            c.sendJson("type", "history", "channel", "h:big", "limit", 10, "before", base + 2);
            JsonNode history = c.expect("history");
            assertThat(history.get("messages")).containsExactly(one);
            assertThat(history.get("offset").asLong()).isEqualTo(base + 2);
            c.assertExhausted();
        }
        try (WsTestClient again = TestNodes.connect(node, "u")) {
            JsonNode recovered = RecoverySoak.subscribeSince(again, "h:big", base, "seeded");
            assertThat(recovered.get("recovered").asBoolean()).isTrue();
            assertThat(recovered.get("messages"))
                    .extracting(m -> m.get("offset").asLong())
                    .containsExactly(base + 1, base + 2);
            again.assertExhausted();
        }
    }

    @Test
    void theLargestOffset_isStillExact_thenPublishesAreRefusedInRedcastsOwnWords() {
        seed("h:max", MAX - 1);
        try (WsTestClient c = TestNodes.connect(node, "u")) {
            HttpTestClient.Response last = RedisHistoryIT.apiPublish(node, "h:max", "last");
            assertThat(last.status()).as("%s", last.body()).isEqualTo(200);
            assertThat(last.body().get("offset").asLong()).isEqualTo(MAX);

            HttpTestClient.Response refused = RedisHistoryIT.apiPublish(node, "h:max", "more");
            c.sendJson("type", "publish", "id", 1, "channel", "h:max", "payload", "more");
            JsonNode error = c.expect("error");

            assertThat(refused.status()).isEqualTo(503);
            for (String message :
                    List.of(
                            refused.body().get("message").asText(),
                            error.get("message").asText())) {
                assertThat(message).contains("h:max").contains(Long.toString(MAX));
                assertThat(message).doesNotContain("ERR").doesNotContain("script");
            }
            assertThat(error.get("id").asLong()).isEqualTo(1);
            c.assertExhausted();
        }
        assertThat(redis.command("HGET", "redcast:{h:max}:meta", "o"))
                .isEqualTo(Long.toString(MAX));
    }

    @Test
    void aFailingHistoryCall_neverShowsRedissText() {
        // A meta key that is not a hash makes the function fail inside Redis (WRONGTYPE).
        redis.command("SET", "redcast:{h:broken}:meta", "x");
        HttpTestClient.Response r = RedisHistoryIT.apiPublish(node, "h:broken", "p");
        HttpTestClient.Response read =
                HttpTestClient.get(node, "/api/history/h:broken", RedisHistoryIT.API_KEY);

        for (HttpTestClient.Response each : List.of(r, read)) {
            assertThat(each.status()).isEqualTo(503);
            assertThat(each.body().get("message").asText())
                    .doesNotContain("WRONGTYPE")
                    .doesNotContain("ERR")
                    .doesNotContain("script");
        }
    }
}
