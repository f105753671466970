package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact recovery on a real redis-server: the soak across two nodes, and a Redis restart. */
class RedisRecoveryIT {
    private static final String KEY = RedisHistoryIT.API_KEY;

    @Test
    void soak_tenThousandMessages_clientReconnectsAcrossNodes_getsEveryOffsetOnce()
            throws InterruptedException {
        try (RedisServer redis = RedisServer.start();
                RedcastServer a = RedcastServer.start(RedisHistoryIT.config(redis, "a"));
                RedcastServer b = RedcastServer.start(RedisHistoryIT.config(redis, "b"))) {
            new RecoverySoak(
                            List.of(a, b),
                            "h:soak",
                            10_000,
                            i -> {
                                if (i % 2 == 0) {
                                    RedisHistoryIT.fcall(redis, "h:soak", "m" + i, "h:soak");
                                } else {
                                    HttpTestClient.Response r =
                                            HttpTestClient.publish(b, KEY, "h:soak", "m" + i);
                                    assertThat(r.status()).isEqualTo(200);
                                }
                            })
                    .run(6);
        }
    }

    @Test
    void redisRestartedWithoutPersistence_nextRecoveryIsNotRecovered_withANewEpoch() {
        try (RedisServer redis = RedisServer.start();
                RedcastServer node = RedcastServer.start(RedisHistoryIT.config(redis, "r"))) {
            WsTestClient c = TestNodes.connect(node, "u");
            c.sendJson("type", "subscribe", "channel", "h:lost");
            c.expect("subscribed");
            publish(node, "m1");
            publish(node, "m2");
            String epoch = c.next(2, Duration.ofSeconds(5)).get(1).get("epoch").asText();
            assertThat(epoch).isNotEmpty();
            c.close();

            redis.stop();
            redis.restart();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> HttpTestClient.publish(node, KEY, "h:lost", "m3").status() == 200);
            // Ready: reads (on their own connection) work again as well as publishes.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Http.get(node, "/ready").statusCode() == 200);

            WsTestClient again = TestNodes.connect(node, "u");
            JsonNode reply = RecoverySoak.subscribeSince(again, "h:lost", 2, epoch);
            assertThat(reply.get("recovered").asBoolean()).isFalse();
            assertThat(reply.get("messages")).isEmpty();
            assertThat(reply.get("epoch").asText()).isNotEqualTo(epoch);
            assertThat(reply.get("offset").asLong()).isEqualTo(1);
            again.assertExhausted();
            again.close();
        }
    }

    private static void publish(RedcastServer node, String payload) {
        assertThat(HttpTestClient.publish(node, KEY, "h:lost", payload).status()).isEqualTo(200);
    }
}
