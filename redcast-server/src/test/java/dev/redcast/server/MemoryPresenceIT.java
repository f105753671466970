package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.WsTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same presence semantics on the embedded in-memory broker (one node, no Redis). */
class MemoryPresenceIT {
    private RedcastServer node;

    @BeforeEach
    void start() {
        node =
                RedcastServer.start(
                        TestNodes.config(null)
                                .claimedIdentityWrites(true)
                                .apiKey("k3y")
                                .defaultChannels(List.of("general"))
                                .presence(List.of("chat:*"))
                                .build());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void presence_joinLeave_users_andPersistedSubscriptions() {
        WsTestClient wael = TestNodes.connect(node, "wael");
        WsTestClient mazen = TestNodes.connect(node, "mazen");
        try {
            TestNodes.subscribe(wael, "chat:x", false);
            assertEvent(wael.expect("join"), "chat:x", "wael");
            mazen.sendJson("type", "subscribe", "channel", "chat:x", "persist", true);
            mazen.expect("subscribed");
            assertEvent(mazen.expect("join"), "chat:x", "mazen");
            assertEvent(wael.expect("join"), "chat:x", "mazen");
            // general has no presence events configured, but presence itself is known.
            assertThat(Http.strings(Http.get(node.port(), "/users")))
                    .containsExactly("mazen", "wael");
            assertThat(Http.strings(Http.get(node.port(), "/user/mazen/channels")))
                    .containsExactly("chat:x", "general");
            wael.sendJson("type", "presence", "channel", "chat:x");
            assertThat(wael.expect("presence").get("users").toString())
                    .isEqualTo(
                            "[{\"user\":\"mazen\",\"connections\":1},"
                                    + "{\"user\":\"wael\",\"connections\":1}]");

            mazen.close();
            assertEvent(wael.expect("leave"), "chat:x", "mazen");
            await().atMost(Duration.ofSeconds(5))
                    .until(
                            () ->
                                    Http.strings(Http.get(node.port(), "/users"))
                                            .equals(List.of("wael")));

            mazen = WsTestClient.builder(TestNodes.wsUri(node, "mazen")).connect();
            assertThat(Http.strings(mazen.expect("welcome").get("subscriptions")))
                    .containsExactly("general", "chat:x");
            assertEvent(mazen.expect("join"), "chat:x", "mazen");
            assertEvent(wael.expect("join"), "chat:x", "mazen");
            wael.assertExhausted();
            mazen.assertExhausted();
        } finally {
            wael.close();
            mazen.close();
        }
    }

    @Test
    void registry_worksInMemory() {
        assertThat(
                        Http.call(
                                        node.port(),
                                        "POST",
                                        "/channels",
                                        "k3y",
                                        "{\"name\":\"chat:a\",\"description\":\"A\"}")
                                .status())
                .isEqualTo(201);
        assertThat(Http.get(node.port(), "/channels").toString())
                .isEqualTo(
                        "[{\"name\":\"general\",\"description\":\"\",\"subscribers\":0},"
                                + "{\"name\":\"chat:a\",\"description\":\"A\",\"subscribers\":0}]");
    }

    private static void assertEvent(JsonNode event, String channel, String user) {
        assertThat(event.get("channel").asText()).isEqualTo(channel);
        assertThat(event.get("user").asText()).isEqualTo(user);
    }
}
