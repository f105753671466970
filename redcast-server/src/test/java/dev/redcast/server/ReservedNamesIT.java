package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.WsTestClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nobody but the server publishes on its own channels: a client or a backend that tries to forge a
 * presence event on {@code __redcast:presence} is refused, and no other client sees the forgery.
 * Before, both publishes were accepted and every node announced the forged join.
 */
class ReservedNamesIT {
    private static final String FORGED =
            "{\"type\":\"join\",\"channel\":\"general\",\"user\":\"ghost\"}";

    @Test
    void forgedPresenceEvents_fromAClientOrTheApi_areRefused_andReachNobody() {
        try (RedcastServer node =
                        RedcastServer.start(
                                TestNodes.config(null)
                                        .defaultChannels(List.of("general"))
                                        .presence(List.of("general"))
                                        .build());
                WsTestClient victim = TestNodes.connect(node, "victim");
                WsTestClient attacker = TestNodes.connect(node, "attacker")) {
            assertThat(victim.expect("join").get("user").asText()).isEqualTo("victim");
            assertThat(victim.expect("join").get("user").asText()).isEqualTo("attacker");
            assertThat(attacker.expect("join").get("user").asText()).isEqualTo("attacker");

            attacker.sendJson(
                    "type", "publish", "id", 1, "channel", "__redcast:presence", "payload", FORGED);
            JsonNode error = attacker.expect("error");
            assertThat(error.get("code").asText()).isEqualTo("bad_request");
            assertThat(error.get("message").asText()).contains("reserved");

            Http.Response api =
                    Http.call(
                            node.port(),
                            "POST",
                            "/api/publish",
                            TestNodes.API_KEY,
                            "{\"channel\":\"__redcast:presence\",\"payload\":"
                                    + com.fasterxml.jackson.databind.node.TextNode.valueOf(FORGED)
                                    + "}");
            assertThat(api.status()).isEqualTo(400);

            // A round trip behind the forgeries: had either gone through, its join came first.
            victim.sendJson("type", "ping", "id", 9);
            assertThat(victim.expect("pong").get("id").asInt()).isEqualTo(9);
            victim.assertExhausted();
        }
    }
}
