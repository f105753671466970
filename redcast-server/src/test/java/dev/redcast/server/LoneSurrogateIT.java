package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A payload is delivered verbatim even when the JSON string it was published as holds a lone
 * surrogate ({@code "\ud800"}), which has no UTF-8 form: it comes back as the same escape, live, in
 * history, from another node, whether a client or the backend API published it.
 */
class LoneSurrogateIT {
    /** As it travels in JSON text: the six characters backslash, u, d, 8, 0, 0. */
    private static final String ESCAPED = "a\\ud800b";

    /** The string a JSON parser makes of {@link #ESCAPED}. */
    private static final String DECODED = "a\ud800b";

    private static RedisServer redis;
    private static RedcastServer nodeA;
    private static RedcastServer nodeB;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        nodeA = RedcastServer.start(RedisHistoryIT.config(redis, "a"));
        nodeB = RedcastServer.start(RedisHistoryIT.config(redis, "b"));
    }

    @AfterAll
    static void stop() {
        nodeA.close();
        nodeB.close();
        redis.close();
    }

    @Test
    void loneSurrogate_publishedByClientOrApi_isDeliveredAsTheSameEscape() {
        try (WsTestClient listener = TestNodes.connect(nodeB, "listener");
                WsTestClient publisher = TestNodes.connect(nodeA, "publisher")) {
            for (String channel : List.of("plain", "h:text")) {
                TestNodes.subscribe(listener, channel, false);

                publisher.sendText(
                        "{\"type\":\"publish\",\"id\":1,\"channel\":\""
                                + channel
                                + "\",\"payload\":\""
                                + ESCAPED
                                + "\"}");
                assertThat(publisher.expect("published").get("id").asLong()).isEqualTo(1);
                HttpTestClient.Response api =
                        HttpTestClient.post(
                                nodeA,
                                "/api/publish",
                                RedisHistoryIT.API_KEY,
                                "{\"channel\":\""
                                        + channel
                                        + "\",\"payload\":\""
                                        + ESCAPED
                                        + "\"}");
                assertThat(api.status()).as("%s", api.body()).isEqualTo(200);

                for (JsonNode m : listener.next(2, Duration.ofSeconds(5))) {
                    assertThat(m.get("channel").asText()).isEqualTo(channel);
                    assertThat(m.has("payload_b64")).as("%s", m).isFalse();
                    assertThat(m.get("payload").textValue()).isEqualTo(DECODED);
                }
            }
            listener.sendJson("type", "history", "channel", "h:text");
            JsonNode history = listener.expect("history");
            assertThat(history.get("messages")).hasSize(2);
            history.get("messages")
                    .forEach(m -> assertThat(m.get("payload").textValue()).isEqualTo(DECODED));
            listener.assertExhausted();
            publisher.assertExhausted();
        }
    }
}
