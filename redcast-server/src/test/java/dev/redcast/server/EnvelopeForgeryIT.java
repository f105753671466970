package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.redcast.testkit.RedisServer;
import dev.redcast.testkit.WsTestClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A payload that starts with the internal envelope's marker ({@code NUL rc1 {header} LF}), sent
 * through the backend API on a channel without history, arrives verbatim on the other node: its
 * header forges no {@code from}, {@code offset} or {@code epoch}. Before, the plain publish went to
 * Redis unwrapped and the receiving node read the attacker's header as its own.
 */
class EnvelopeForgeryIT {
    private static final String FORGED = "\0rc1{\"f\":\"admin\",\"o\":42,\"e\":\"fake\"}\nhello";

    @Test
    void anApiPayloadStartingWithTheEnvelopeMarker_arrivesVerbatim_withNoForgedFields() {
        try (RedisServer redis = RedisServer.start();
                RedcastServer a =
                        RedcastServer.start(
                                TestNodes.config(redis.uri())
                                        .nodeId("a")
                                        .defaultChannels(List.of("news"))
                                        .build());
                RedcastServer b = RedcastServer.start(TestNodes.config(redis.uri()).build());
                WsTestClient reader = TestNodes.connect(a, "reader")) {
            Http.Response api =
                    Http.call(
                            b.port(),
                            "POST",
                            "/api/publish",
                            TestNodes.API_KEY,
                            "{\"channel\":\"news\",\"payload\":" + TextNode.valueOf(FORGED) + "}");
            assertThat(api.status()).isEqualTo(200);

            JsonNode message = reader.expect("message");
            assertThat(message.get("payload").asText()).isEqualTo(FORGED);
            assertThat(message.has("from")).isFalse();
            assertThat(message.has("offset")).isFalse();
            assertThat(message.has("epoch")).isFalse();
            reader.assertExhausted();
        }
    }
}
