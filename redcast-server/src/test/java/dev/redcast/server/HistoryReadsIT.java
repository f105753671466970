package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading history (the {@code history} command, {@code GET /api/history}, the read behind {@code
 * subscribe} with {@code history} or {@code since}) is read-only on Redis: a name nobody ever
 * published to leaves no key behind, however many times it is read.
 */
class HistoryReadsIT {
    private static final String API_KEY = "backend-key";
    private static final int READS = 40;

    private static RedisServer redis;
    private static RedcastServer node;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        node =
                RedcastServer.start(
                        TestNodes.config(redis.uri())
                                .apiKey(API_KEY)
                                .history(HistoryRule.parseList("h:*=100/1h"))
                                .build());
    }

    @AfterAll
    static void stop() {
        node.close();
        redis.close();
    }

    @Test
    void historyReadsOfUnusedNames_createNoKeys() {
        try (WsTestClient c = TestNodes.connect(node, "reader")) {
            // The connection's own presence entry is the one key it creates; what other tests'
            // connections left is removed asynchronously, so wait for that to settle first.
            await().atMost(Duration.ofSeconds(5))
                    .until(
                            () ->
                                    Long.valueOf(1)
                                                    .equals(
                                                            redis.command(
                                                                    "EXISTS", "redcast:online"))
                                            && keys("*:presence").isEmpty()
                                            && keys("redcast:user:*").isEmpty());
            List<Object> before = keysButProbes();

            for (int i = 0; i < READS; i++) {
                c.sendJson("type", "history", "channel", "h:ws-" + i, "limit", 10);
                JsonNode reply = c.expect("history");
                assertThat(reply.get("messages")).isEmpty();
                assertThat(reply.get("offset").asLong()).isZero();
                HttpTestClient.Response http =
                        HttpTestClient.get(node, "/api/history/h:http-" + i, API_KEY);
                assertThat(http.status()).isEqualTo(200);
                assertThat(http.body().get("messages")).isEmpty();
            }

            assertThat(keysButProbes()).containsExactlyInAnyOrderElementsOf(before);
            c.assertExhausted();
        }
    }

    @Test
    void subscribeReadsOfUnusedNames_createNoHistoryKeys() {
        try (WsTestClient c = TestNodes.connect(node, "subscriber")) {
            for (int i = 0; i < READS; i++) {
                c.sendJson("type", "subscribe", "channel", "h:last-" + i, "history", 5);
                assertThat(c.expect("subscribed").get("messages")).isEmpty();
                c.sendJson(
                        "type",
                        "subscribe",
                        "channel",
                        "h:since-" + i,
                        "since",
                        Map.of("offset", 3, "epoch", "gone"));
                assertThat(c.expect("subscribed").get("recovered").asBoolean()).isFalse();
            }
            // Subscribing writes presence; the history side must stay untouched.
            assertThat(historyKeys()).isEmpty();
            c.assertExhausted();
        }
    }

    @Test
    void clientThatSawTheChannelEmpty_recoversItsFirstMessages() {
        JsonNode empty;
        try (WsTestClient c = TestNodes.connect(node, "early")) {
            c.sendJson("type", "subscribe", "channel", "h:new");
            empty = c.expect("subscribed");
            c.assertExhausted();
        }
        assertThat(empty.get("offset").asLong()).isZero();
        assertThat(empty.get("epoch").asText()).isEmpty();
        HttpTestClient.publish(node, API_KEY, "h:new", "m1");
        HttpTestClient.publish(node, API_KEY, "h:new", "m2");

        try (WsTestClient again = TestNodes.connect(node, "early")) {
            JsonNode reply = RecoverySoak.subscribeSince(again, "h:new", 0, "");
            assertThat(reply.get("recovered").asBoolean()).as("%s", reply).isTrue();
            assertThat(reply.get("messages"))
                    .extracting(m -> m.get("payload").asText())
                    .containsExactly("m1", "m2");
            assertThat(reply.get("epoch").asText()).isNotEmpty();
            again.assertExhausted();
        }
    }

    /**
     * Every key but the node's probe key, which the probe writes and lets expire every interval (it
     * checks that Redis still takes writes).
     */
    private static List<Object> keysButProbes() {
        List<Object> all = new ArrayList<>(keys("*"));
        all.removeIf(k -> ((String) k).startsWith("redcast:probe:"));
        return all;
    }

    /** The history keys of the names the subscribe test reads (other tests publish). */
    private static List<Object> historyKeys() {
        List<Object> keys = new ArrayList<>();
        for (String name : List.of("h:last-*", "h:since-*")) {
            keys.addAll(keys("redcast:{" + name + "}:meta"));
            keys.addAll(keys("redcast:{" + name + "}:stream"));
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> keys(String pattern) {
        return (List<Object>) redis.command("KEYS", pattern);
    }
}
