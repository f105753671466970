package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded in-memory broker keeps history and recovers exactly like the Redis broker. */
class MemoryRecoveryIT {
    private static final String KEY = RedisHistoryIT.API_KEY;
    private static RedcastServer node;

    @BeforeAll
    static void start() {
        node =
                RedcastServer.start(
                        TestNodes.config(null)
                                .nodeId("m")
                                .apiKey(KEY)
                                .history(HistoryRule.parseList(RedisHistoryIT.RULES))
                                .build());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static HttpTestClient.Response publish(String channel, String payload) {
        return HttpTestClient.publish(node, KEY, channel, payload);
    }

    @Test
    void soak_tenThousandMessages_clientReconnects_getsEveryOffsetOnce()
            throws InterruptedException {
        new RecoverySoak(
                        List.of(node),
                        "h:soak",
                        10_000,
                        i -> {
                            if (i % 2 == 0) {
                                node.broker().publish("h:soak", ("m" + i).getBytes(), null).join();
                            } else {
                                assertThat(publish("h:soak", "m" + i).status()).isEqualTo(200);
                            }
                        })
                .run(6);
    }

    @Test
    void apiPublish_liveAndHistoryAgree_andLengthIsBounded() {
        WsTestClient c = TestNodes.connect(node, "u");
        c.sendJson("type", "subscribe", "channel", "len:m");
        JsonNode subscribed = c.expect("subscribed");
        assertThat(subscribed.get("offset").asLong()).isZero();
        assertThat(subscribed.get("epoch").asText()).isEmpty(); // no history has begun
        String epoch = null;
        for (int i = 1; i <= 7; i++) {
            HttpTestClient.Response r = publish("len:m", "m" + i);
            assertThat(r.body().get("offset").asLong()).isEqualTo(i);
            epoch = epoch == null ? r.body().get("epoch").asText() : epoch;
            assertThat(r.body().get("epoch").asText()).isNotEmpty().isEqualTo(epoch);
        }
        List<JsonNode> live = c.next(7, Duration.ofSeconds(5));

        c.sendJson("type", "history", "channel", "len:m", "limit", 50);
        JsonNode h = c.expect("history");
        assertThat(h.get("messages")).containsExactlyElementsOf(live.subList(2, 7));
        JsonNode page = HttpTestClient.get(node, "/api/history/len:m?limit=2&before=6", KEY).body();
        List<Long> offsets = new ArrayList<>();
        page.get("messages").forEach(m -> offsets.add(m.get("offset").asLong()));
        assertThat(offsets).containsExactly(4L, 5L);
        c.assertExhausted();
        c.close();
    }

    @Test
    void recovery_withAnUnknownEpochOrTooFarBack_isNotRecovered() {
        publish("short:m", "m1");
        publish("short:m", "m2");
        WsTestClient c = TestNodes.connect(node, "u");

        JsonNode wrongEpoch = RecoverySoak.subscribeSince(c, "short:m", 2, "other");
        assertThat(wrongEpoch.get("recovered").asBoolean()).isFalse();
        assertThat(wrongEpoch.get("offset").asLong()).isEqualTo(2);
        String epoch = wrongEpoch.get("epoch").asText();
        c.sendJson("type", "unsubscribe", "channel", "short:m");
        c.expect("unsubscribed");

        // Only the last message is kept (short:*=1/1h), so offset 1 is gone.
        JsonNode trimmed = RecoverySoak.subscribeSince(c, "short:m", 0, epoch);
        assertThat(trimmed.get("recovered").asBoolean()).isFalse();
        assertThat(trimmed.get("messages")).isEmpty();
        c.assertExhausted();
        c.close();
    }
}
