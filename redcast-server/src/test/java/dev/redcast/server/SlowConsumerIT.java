package dev.redcast.server;

import static dev.redcast.server.TestNodes.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A client that stops reading is cut off with 4008; the others do not notice. */
class SlowConsumerIT {
    private static final int MESSAGES = 3000;
    private static final int BATCH = 100;

    @Test
    void slowClientClosedWith4008_fastClientReceivesEverything() {
        try (RedisServer redis = RedisServer.start();
                RedcastServer node = RedcastServer.start(TestNodes.config(redis.uri()).build());
                WsTestClient fast = TestNodes.connect(node, "fast");
                WsTestClient slow =
                        WsTestClient.builder(TestNodes.wsUri(node, "slow"))
                                .receiveBufferSize(4096)
                                .connect()) {
            slow.expect("welcome");
            subscribe(fast, "firehose", false);
            subscribe(slow, "firehose", false);
            slow.pauseReading();

            // 12 MB in all, far beyond the 1 MiB budget plus socket buffers of the paused client,
            // while the reading client never falls more than one batch (400 kB) behind.
            String padding = "x".repeat(4000);
            for (int batch = 0; batch < MESSAGES / BATCH; batch++) {
                for (int i = 0; i < BATCH; i++) {
                    redis.publish("firehose", (batch * BATCH + i) + ":" + padding);
                }
                List<JsonNode> got = fast.next(BATCH, Duration.ofSeconds(30));
                for (int i = 0; i < BATCH; i++) {
                    String payload = got.get(i).get("payload").asText();
                    assertThat(payload.substring(0, payload.indexOf(':')))
                            .isEqualTo(String.valueOf(batch * BATCH + i));
                }
            }
            fast.assertExhausted();

            slow.resumeReading();
            WsTestClient.CloseStatus status = slow.awaitClose(Duration.ofSeconds(15));
            assertThat(status.code()).isEqualTo(4008);
            assertThat(status.reason()).contains("slow consumer");
            int received = 0;
            while (slow.poll(Duration.ofMillis(100)).isPresent()) {
                received++;
            }
            assertThat(received).isLessThan(MESSAGES);
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(
                            () ->
                                    assertThat(Http.get(node, "/metrics").body())
                                            .contains("redcast_slow_consumers_total 1.0")
                                            .contains("redcast_connections 1.0"));
        }
    }
}
