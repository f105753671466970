package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis answers but refuses: at {@code maxmemory} with {@code noeviction} the node reports not
 * ready and every refused write reaches its client or the metrics; an error reply from Redis
 * reaches clients in redcast's words, never in Redis's.
 */
class RedisRefusalsIT {
    private static final String API_KEY = "backend-key";
    private static final String FULL = "redis refuses writes (maxmemory reached)";

    private RedisServer redis;
    private RedcastServer node;

    @BeforeEach
    void start() {
        redis =
                RedisServer.start(
                        RedisServer.Options.defaults()
                                .withExtraArgs(
                                        "--maxmemory", "64mb", "--maxmemory-policy", "noeviction"));
        node =
                RedcastServer.start(
                        TestNodes.config(redis.uri())
                                .apiKey(API_KEY)
                                .claimedIdentityWrites(true) // persist, with the shared token
                                .presence(List.of("room:*"))
                                .history(HistoryRule.parseList("h:*=100/1h"))
                                .build());
    }

    @AfterEach
    void stop() {
        node.close();
        redis.close();
    }

    @Test
    void redisAtMaxmemory_nodeNotReady_persistAndHistoryRefused_presenceCounted_thenRecovers() {
        try (WsTestClient c = TestNodes.connect(node, "wael")) {
            assertThat(Http.call(node.port(), "GET", "/ready", null, null).status()).isEqualTo(200);
            List<String> filler = fill();

            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    Http.call(node.port(), "GET", "/ready", null, null).status()
                                            == 503);
            Http.Response ready = Http.call(node.port(), "GET", "/ready", null, null);
            assertThat(ready.json().get("status").asText()).isEqualTo("not_ready");
            assertThat(ready.json().get("reason").asText()).isEqualTo(FULL);

            c.sendJson("type", "subscribe", "id", 1, "channel", "saved", "persist", true);
            JsonNode refused = c.expect("error");
            assertThat(refused.get("id").asLong()).isEqualTo(1);
            assertThat(refused.get("code").asText()).isEqualTo("internal");
            assertThat(refused.get("message").asText())
                    .isEqualTo(
                            "channel 'saved' could not be remembered (remembered channels"
                                    + " unavailable: "
                                    + FULL
                                    + "); not subscribed");

            double before = metric("redcast_presence_write_failures_total");
            c.sendJson("type", "subscribe", "id", 2, "channel", "room:a");
            assertThat(c.expect("subscribed").get("id").asLong()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> metric("redcast_presence_write_failures_total") > before);

            HttpTestClient.Response history =
                    HttpTestClient.publish(node, API_KEY, "h:orders", "order");
            assertThat(history.status()).isEqualTo(503);
            assertThat(history.body().get("error").asText()).isEqualTo("internal");
            assertThat(history.body().get("message").asText())
                    .isEqualTo("publish on 'h:orders' failed: " + FULL);
            HttpTestClient.Response register =
                    HttpTestClient.post(node, "/channels", API_KEY, "{\"name\":\"chat:new\"}");
            assertThat(register.status()).isEqualTo(503);
            assertThat(register.body().get("message").asText())
                    .isEqualTo("the channel registry was not changed: " + FULL);

            redis.command(filler.toArray(String[]::new));
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    Http.call(node.port(), "GET", "/ready", null, null).status()
                                            == 200);
            c.sendJson("type", "subscribe", "id", 3, "channel", "saved", "persist", true);
            assertThat(c.expect("subscribed").get("id").asLong()).isEqualTo(3);
            assertThat(redis.command("SMEMBERS", "redcast:user:{wael}:subs"))
                    .isEqualTo(List.of("saved"));
            c.assertExhausted();
        }
    }

    @Test
    void redisErrorReplies_reachPresenceAndRegistryClients_inRedcastsWords() {
        // Keys of the wrong type make Redis answer WRONGTYPE to the presence and registry calls.
        redis.command("SET", "redcast:{room:b}:presence", "x");
        redis.command("SET", "redcast:channels", "x");
        try (WsTestClient c = TestNodes.connect(node, "wael")) {
            c.sendJson("type", "presence", "id", 1, "channel", "room:b");
            JsonNode presence = c.expect("error");
            c.sendJson("type", "channels", "id", 2);
            JsonNode channels = c.expect("error");
            List<String> messages = new ArrayList<>();
            for (JsonNode error : List.of(presence, channels)) {
                assertThat(error.get("code").asText()).isEqualTo("internal");
                messages.add(error.get("message").asText());
            }
            for (String path : List.of("/api/presence/room:b", "/channels")) {
                Http.Response r = Http.call(node.port(), "GET", path, API_KEY, null);
                assertThat(r.status()).as(path).isEqualTo(503);
                messages.add(r.json().get("message").asText());
            }
            Http.Response post =
                    Http.call(node.port(), "POST", "/channels", API_KEY, "{\"name\":\"chat:x\"}");
            assertThat(post.status()).isEqualTo(503);
            messages.add(post.json().get("message").asText());

            assertThat(messages)
                    .containsExactly(
                            "presence unavailable: redis refused the request",
                            "the channel registry is unavailable: redis refused the request",
                            "presence unavailable: redis refused the request",
                            "the channel registry is unavailable: redis refused the request",
                            "the channel registry was not changed: redis refused the request");
            c.assertExhausted();
        }
    }

    /**
     * Fills Redis up to its limit: 4 MB of data, then {@code maxmemory} lowered to 1 MB under what
     * Redis uses, as when data grows past the limit. A margin that large keeps every write refused,
     * whatever the connections' own buffers add or free meanwhile. Returns the {@code DEL} that
     * frees it again.
     */
    private List<String> fill() {
        List<String> del = new ArrayList<>(List.of("DEL"));
        String value = "v".repeat(100_000);
        for (int i = 0; i < 40; i++) {
            redis.command("SET", "fill:" + i, value);
            del.add("fill:" + i);
        }
        Matcher used =
                Pattern.compile("used_memory:(\\d+)")
                        .matcher((String) redis.command("INFO", "memory"));
        assertThat(used.find()).isTrue();
        long limit = Long.parseLong(used.group(1)) - 1_000_000;
        redis.command("CONFIG", "SET", "maxmemory", Long.toString(limit));
        assertThatThrownBy(() -> redis.command("SET", "one", "more")).hasMessageStartingWith("OOM");
        return del;
    }

    private double metric(String name) {
        Matcher m =
                Pattern.compile("(?m)^" + name + " (\\S+)$")
                        .matcher(Http.get(node, "/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
