package dev.redcast.server;

import static dev.redcast.server.TestNodes.connect;
import static dev.redcast.server.TestNodes.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.FreePorts;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Redis goes away and comes back; the node keeps serving and resumes delivery by itself. */
class RedisOutageIT {

    @Test
    void redisRestart_nodeKeepsClients_reportsNotReady_andResumesDelivery() {
        try (RedisServer redis = RedisServer.start();
                RedcastServer node = RedcastServer.start(TestNodes.config(redis.uri()).build());
                WsTestClient client = connect(node, "wael")) {
            subscribe(client, "alerts", false);
            redis.publish("alerts", "before");
            assertThat(client.expect("message").get("payload").asText()).isEqualTo("before");
            assertThat(Http.get(node, "/ready").statusCode()).isEqualTo(200);

            redis.stop();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Http.get(node, "/ready").statusCode() == 503);
            client.sendJson(
                    "type", "publish", "id", 1, "channel", "alerts", "payload", "while down");
            JsonNode error = client.expect("error");
            assertThat(error.get("code").asText()).isEqualTo("internal");
            assertThat(error.get("message").asText()).contains("redis is unavailable");
            client.sendJson("type", "ping", "id", 2);
            assertThat(client.expect("pong").get("id").asInt()).isEqualTo(2);

            redis.restart();

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> Http.get(node, "/ready").statusCode() == 200);
            assertThat(redis.numsub("alerts")).containsEntry("alerts", 1L);
            redis.publish("alerts", "after");
            assertThat(client.expect("message").get("payload").asText()).isEqualTo("after");
            client.sendJson("type", "publish", "id", 3, "channel", "alerts", "payload", "mine");
            assertThat(client.next(2, Duration.ofSeconds(5)))
                    .extracting(n -> n.get("type").asText())
                    .containsExactlyInAnyOrder("published", "message");
            client.assertExhausted();
        }
    }

    @Test
    void redisUnreachableAtStart_nodeStartsNotReady_andConnectsWhenRedisAppears() {
        int port = FreePorts.next();
        try (RedcastServer node =
                        RedcastServer.start(TestNodes.config("redis://127.0.0.1:" + port).build());
                WsTestClient client = connect(node, "early")) {
            assertThat(Http.get(node, "/ready").statusCode()).isEqualTo(503);
            assertThat(Http.get(node, "/health").statusCode()).isEqualTo(200);
            subscribe(client, "later", false);

            try (RedisServer redis =
                    RedisServer.start(RedisServer.Options.defaults().withPort(port))) {
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> Http.get(node, "/ready").statusCode() == 200);
                redis.publish("later", "hello");
                assertThat(client.expect("message").get("payload").asText()).isEqualTo("hello");
            }
        }
    }

    @Test
    void silentlyStalledConnection_isDetectedByProbe_andRebuilt() throws Exception {
        try (RedisServer redis = RedisServer.start();
                StallingProxy proxy = new StallingProxy(redis.port());
                RedcastServer node = RedcastServer.start(TestNodes.config(proxy.uri()).build());
                WsTestClient client = connect(node, "stall")) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Http.get(node, "/ready").statusCode() == 200);
            subscribe(client, "quiet", false);
            redis.publish("quiet", "first");
            assertThat(client.expect("message").get("payload").asText()).isEqualTo("first");

            proxy.stallExisting();

            // Nothing closes the stalled socket; only the probe can notice that nothing arrives.
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> {
                                redis.publish("quiet", "again");
                                Optional<JsonNode> m = client.poll(Duration.ofMillis(200));
                                return m.isPresent();
                            });
            while (client.poll(Duration.ofMillis(300)).isPresent()) {
                // Drain the copies published while waiting.
            }
            client.assertExhausted();
        }
    }
}
