package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redis is down while users connect: connects proceed with the default channels only, presence
 * calls fail with a clear error, and the node restores its users' presence when Redis is back.
 */
class PresenceOutageIT {

    @Test
    void connectWhileRedisDown_getsDefaultsOnly_andPresenceReturnsAfterRestart() {
        try (RedisServer redis = RedisServer.start();
                RedcastServer node =
                        RedcastServer.start(
                                TestNodes.config(redis.uri())
                                        .claimedIdentityWrites(true)
                                        .defaultChannels(List.of("general"))
                                        .presenceRefreshSeconds(1)
                                        .presenceTtlSeconds(3)
                                        .build())) {
            try (WsTestClient first = TestNodes.connect(node, "wael")) {
                first.sendJson("type", "subscribe", "channel", "chat:kept", "persist", true);
                first.expect("subscribed");
                first.assertExhausted();
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> Http.get(node.port(), "/users").isEmpty());

            redis.stop();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Http.get(node, "/ready").statusCode() == 503);

            try (WsTestClient c = WsTestClient.builder(TestNodes.wsUri(node, "wael")).connect()) {
                JsonNode welcome = c.expect("welcome");
                assertThat(Http.strings(welcome.get("subscriptions"))).containsExactly("general");

                c.sendJson("type", "presence", "id", 1, "channel", "general");
                JsonNode error = c.expect("error");
                assertThat(error.get("code").asText()).isEqualTo("internal");
                assertThat(error.get("message").asText()).contains("redis is unavailable");
                Http.Response users = Http.call(node.port(), "GET", "/users", null, null);
                assertThat(users.status()).isEqualTo(503);
                assertThat(users.json().get("message").asText()).contains("unavailable");

                redis.restart();
                // Redis lost everything; the node's refresh writes its entries again.
                await().atMost(Duration.ofSeconds(15))
                        .until(
                                () ->
                                        Http.call(node.port(), "GET", "/users", null, null).status()
                                                        == 200
                                                && Http.strings(Http.get(node.port(), "/users"))
                                                        .equals(List.of("wael")));
                assertThat(Http.strings(Http.get(node.port(), "/user/wael/channels")))
                        .containsExactly("general");
                c.assertExhausted();
            }
        }
    }
}
