package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node in its own JVM is SIGKILLed: its users leave {@code /users} and presence within the stated
 * bound (TTL + one refresh interval), as seen from a surviving node, whose clients are sent a
 * {@code leave} for each of them.
 */
class NodeKillIT {
    private static final int REFRESH = 1;
    private static final int TTL = 3;

    private RedisServer redis;
    private RedcastServer survivor;
    private ChildNode doomed;

    @AfterEach
    void stop() throws InterruptedException {
        if (doomed != null) {
            doomed.kill();
        }
        if (survivor != null) {
            survivor.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void killedNode_usersVanishWithinTtlPlusRefresh() throws Exception {
        redis = RedisServer.start();
        survivor =
                RedcastServer.start(
                        TestNodes.config(redis.uri())
                                .nodeId("survivor")
                                .channelPrefix("k:")
                                .defaultChannels(List.of("general"))
                                .presence(List.of("general"))
                                .presenceRefreshSeconds(REFRESH)
                                .presenceTtlSeconds(TTL)
                                .build());
        doomed =
                ChildNode.start(
                        redis.uri(), "k:", Integer.toString(REFRESH), Integer.toString(TTL));
        int port = doomed.port();

        WsTestClient watcher = TestNodes.connect(survivor, "watcher");
        assertThat(watcher.expect("join").get("user").asText()).isEqualTo("watcher");
        WsTestClient ghost =
                WsTestClient.builder(
                                java.net.URI.create(
                                        "ws://127.0.0.1:"
                                                + port
                                                + "/ws?token="
                                                + TestNodes.TOKEN
                                                + "&user=ghost"))
                        .connect();
        try {
            ghost.expect("welcome");
            assertThat(watcher.expect("join").get("user").asText()).isEqualTo("ghost");
            await().atMost(Duration.ofSeconds(5))
                    .until(
                            () ->
                                    Http.strings(Http.get(survivor.port(), "/users"))
                                            .equals(List.of("ghost", "watcher")));
            // Stays online across several refresh rounds: entries are being refreshed, not lost.
            await().pollDelay(Duration.ofSeconds(TTL + REFRESH))
                    .atMost(Duration.ofSeconds(TTL + REFRESH + 5))
                    .until(
                            () ->
                                    Http.strings(Http.get(survivor.port(), "/users"))
                                            .contains("ghost"));

            doomed.kill();
            long killedAt = System.nanoTime();

            await().atMost(Duration.ofSeconds(TTL + REFRESH + 2))
                    .until(
                            () ->
                                    Http.strings(Http.get(survivor.port(), "/users"))
                                            .equals(List.of("watcher")));
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt))
                    .isLessThanOrEqualTo(Duration.ofSeconds(TTL + REFRESH + 2));
            assertThat(Http.strings(Http.get(survivor.port(), "/user/ghost/channels"))).isEmpty();
            JsonNode leave = watcher.next(Duration.ofSeconds(TTL + REFRESH + 2));
            assertThat(leave.get("type").asText()).isEqualTo("leave");
            assertThat(leave.get("channel").asText()).isEqualTo("general");
            assertThat(leave.get("user").asText()).isEqualTo("ghost");
            watcher.sendJson("type", "presence", "channel", "general");
            JsonNode p = watcher.expect("presence");
            assertThat(p.get("users").toString())
                    .isEqualTo("[{\"user\":\"watcher\",\"connections\":1}]");
            watcher.assertExhausted();
        } finally {
            watcher.close();
            ghost.close();
        }
    }
}
